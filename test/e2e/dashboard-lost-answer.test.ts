/**
 * A refund from the dashboard whose answer is lost on the way back: the request reached the server
 * and was carried out, a proxy answered 502.
 *
 * The dialog said "Refund not done" — it was done — and its Idempotency-Keys lived as long as one
 * opening of the dialog: a merchant who went back and refunded the same 5.00 again sent a new key,
 * and the shopper was refunded twice (found by review r490). Now a lost answer is said to be
 * unknown, the same action and amount on the same payment keeps its key until an answer tells the
 * outcome, and going back re-reads the payment (server/dashboard/client/dialog.ts,
 * money-buttons.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP, paidPayment, signIn } from './helpers/dashboard.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';

interface Detail {
  state: string;
  payid: string | null;
  capturedAmount: number | null;
  refundedAmount: number | null;
  operations?: Array<{ kind: string; amount: number; status: string }>;
}
interface SandboxPayment {
  orderId: string;
  history: Array<{ operation: string; amount: number; status: number }>;
}

describe('a dashboard refund whose answer was lost', () => {
  let demo: DemoProcess;
  let browser: Browser;
  const refs = { reopen: '', wording: '' };

  const detail = async (reference: string) => (await demo.api<Detail>(`/api/transactions/${reference}`)).body;
  const settled = (reference: string, until: (t: Detail) => boolean, what: string) =>
    eventually(
      async () => {
        const t = await detail(reference);
        return until(t) ? t : undefined;
      },
      defined,
      what,
      DEMO_WAIT,
    );
  /** The refunds the platform (the sandbox) itself recorded for an order. */
  const platformRefunds = async (reference: string) => {
    const { body } = await demo.sandbox<{ payments: SandboxPayment[] }>(`/sandbox/payments?orderId=${encodeURIComponent(reference)}`);
    return body.payments.flatMap((p) => p.history.filter((h) => h.operation === 'RFD' || h.operation === 'RFS'));
  };

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, {
      OGONE_OPERATION: 'RES',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_AFTER_SECONDS: '0',
    });
    refs.reopen = await paidPayment(demo, { amount: 1999 });
    refs.wording = await paidPayment(demo, { amount: 1999 });
    for (const reference of Object.values(refs)) {
      await settled(reference, (t) => t.state === 'authorized', `${reference} authorised`);
      const capture = await demo.api(`/api/transactions/${reference}/capture`, {});
      assert.ok(capture.status === 200 || capture.status === 202, JSON.stringify(capture.body));
      await settled(reference, (t) => t.state === 'captured', `${reference} captured`);
    }
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function open(): Promise<Page> {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    await signIn(page, demo);
    return page;
  }
  const row = (page: Page, reference: string) => page.locator(`#transactions tr[data-reference="${reference}"]`);

  /** Every refund POST reaches the server; the first one's answer is replaced by a proxy's 502. */
  async function loseFirstAnswer(page: Page, reference: string): Promise<string[]> {
    const keys: string[] = [];
    await page.route(`**/api/transactions/${reference}/refund`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const answer = await route.fetch();
      if (keys.length === 1)
        await route.fulfill({
          status: 502,
          contentType: 'application/json',
          body: '{"error":{"code":"bad_gateway","message":"the proxy lost the answer"}}',
        });
      else await route.fulfill({ response: answer });
    });
    return keys;
  }

  it('"Go back" then "Refund…" again for the same €5.00 after a lost answer: the shopper is refunded once', async () => {
    const page = await open();
    const keys = await loseFirstAnswer(page, refs.reopen);
    const refund = row(page, refs.reopen).locator('button[data-action="refund"]');

    await refund.click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm-error').getByText('the proxy lost the answer').waitFor();
    // The server did carry it out.
    await settled(
      refs.reopen,
      (t) => (t.refundedAmount ?? 0) === 500 || (t.operations ?? []).some((op) => op.kind === 'refund'),
      'first refund recorded',
    );

    // The merchant was told "Refund not done", goes back and refunds the €5.00 again — the same intent.
    await page.locator('#confirm-dismiss').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    await refund.click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await Promise.race([page.locator('#confirm').waitFor({ state: 'hidden' }), page.locator('#confirm-error:not(:empty)').waitFor()]);
    // Give the platform time to record whatever was sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const refunds = await platformRefunds(refs.reopen);
    const ours = (await detail(refs.reopen)).operations?.filter((op) => op.kind === 'refund') ?? [];
    assert.equal(
      refunds.length,
      1,
      `one intended €5.00 refund, but the platform recorded ${refunds.length}: ${JSON.stringify(refunds)}; ` +
        `Idempotency-Keys sent: ${JSON.stringify(keys)}; our ledger: ${JSON.stringify(ours)}`,
    );
    await page.context().close();
  });

  it('a refund whose answer was lost is never announced as "not done" (it was done)', async () => {
    const page = await open();
    await loseFirstAnswer(page, refs.wording);
    await row(page, refs.wording).locator('button[data-action="refund"]').click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm-error').getByText('the proxy lost the answer').waitFor();
    const said = (await page.locator('#confirm-error').textContent()) ?? '';
    const truth = await settled(refs.wording, (t) => (t.operations ?? []).some((op) => op.kind === 'refund'), 'refund recorded');
    assert.ok((await platformRefunds(refs.wording)).length === 1, 'the platform did refund');
    // A 5xx or a network error means the outcome is unknown: the dashboard must not say the refund
    // was not done (docs/ogone-protocol.md §8 and server/maintenance/operations.ts: "unknown when no
    // answer came … never a refusal").
    assert.doesNotMatch(
      said,
      /not done/i,
      `the dialog told the merchant "${said}" while the refund was carried out: ${JSON.stringify(truth.operations)}`,
    );
    await page.context().close();
  });
});
