/**
 * "Go back" pressed while a refund runs. Escape was refused while the action ran ("its answer must
 * be shown"), but the "Go back" button was not: it closed the dialog as "nothing done" while the
 * POST went on, the refund was made, and its lost answer was written into the closed dialog — the
 * merchant was shown nothing (found by review r490). "Go back" is disabled while the action runs,
 * and going back after a lost answer re-reads the payment and says so (dialog.ts, money-buttons.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP, paidPayment, signIn } from './helpers/dashboard.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';

interface Detail {
  state: string;
  refundedAmount: number | null;
  operations?: Array<{ kind: string; amount: number; status: string }>;
}

describe('"Go back" while the refund runs', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';
  const detail = async (ref: string) => (await demo.api<Detail>(`/api/transactions/${ref}`)).body;
  const settled = (ref: string, until: (t: Detail) => boolean, what: string) =>
    eventually(
      async () => {
        const t = await detail(ref);
        return until(t) ? t : undefined;
      },
      defined,
      what,
      DEMO_WAIT,
    );

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, {
      OGONE_OPERATION: 'RES',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_AFTER_SECONDS: '0',
    });
    reference = await paidPayment(demo, { amount: 1999 });
    await settled(reference, (t) => t.state === 'authorized', 'authorised');
    const capture = await demo.api(`/api/transactions/${reference}/capture`, {});
    assert.ok(capture.status === 200 || capture.status === 202, JSON.stringify(capture.body));
    await settled(reference, (t) => t.state === 'captured', 'captured');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('the merchant is never left believing nothing happened while the refund was made', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    await signIn(page, demo);
    let answered!: () => void;
    const answeredPromise = new Promise<void>((resolve) => (answered = resolve));
    // The request reaches the server and is carried out; its answer is slow, then lost.
    await page.route(`**/api/transactions/${reference}/refund`, async (route) => {
      await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: '{"error":{"code":"bad_gateway","message":"the proxy lost the answer"}}',
      });
      answered();
    });
    const row = page.locator(`#transactions tr[data-reference="${reference}"]`);
    await row.locator('button[data-action="refund"]').click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await page.waitForFunction(() => document.querySelector('#confirm-ok')?.getAttribute('aria-busy') === 'true');
    // The merchant changes their mind: "Go back" (promised: "closes it having done nothing").
    await page
      .locator('#confirm-dismiss')
      .click({ timeout: 2000 })
      .catch(() => {});
    await answeredPromise;
    await page.waitForTimeout(500);

    const truth = await settled(reference, (t) => (t.operations ?? []).some((op) => op.kind === 'refund'), 'the refund recorded');
    const dialogOpen = await page.locator('#confirm[open]').count();
    const dialogSays = dialogOpen ? ((await page.locator('#confirm-error').textContent()) ?? '') : '';
    const notice = (await page.locator('#notice').textContent()) ?? '';
    assert.ok(
      dialogSays.includes('the proxy lost the answer') || notice.includes(reference),
      `a €5.00 refund was made (${JSON.stringify(truth.operations?.filter((op) => op.kind === 'refund'))}) ` +
        `but the merchant sees no dialog (open: ${dialogOpen}) and the notice says ${JSON.stringify(notice)}`,
    );
    await page.context().close();
  });
});
