/**
 * The merchant dashboard in Chromium against the real server (the demo process, sandbox
 * mounted, authorise then capture: OGONE_OPERATION=RES): accessible at a desktop and a phone
 * width, money actions only through the confirmation, with the keyboard alone, partial amounts,
 * the filter kept in the URL, a payment's page, and no sideways scrolling on a phone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import {
  DESKTOP,
  draftPayment,
  focusedWithin,
  loseFirstAnswer,
  paidPayment,
  PHONE,
  scrollsSideways,
  signIn,
  tabTo,
} from './helpers/dashboard.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';

interface Detail {
  state: string;
  amount: number;
  capturedAmount: number | null;
  refundedAmount: number | null;
  operations?: Array<{ kind: string; amount: number; status: string }>;
}

describe('merchant dashboard in Chromium', () => {
  let demo: DemoProcess;
  let browser: Browser;
  /** authorised 19.99 (captured in the test), authorised 30.00 (partly captured), authorised 12.50 (left alone). */
  const refs: { toRefund: string; toCapture: string; untouched: string } = { toRefund: '', toCapture: '', untouched: '' };

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

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, {
      OGONE_OPERATION: 'RES',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_AFTER_SECONDS: '0',
    });
    refs.toRefund = await paidPayment(demo, {
      amount: 1999,
      customer: { id: 'cust-refund', email: 'ada@example.com', name: 'Ada Lovelace' },
      description: 'Two espresso cups',
    });
    refs.toCapture = await paidPayment(demo, { amount: 3000, customer: { id: 'cust-capture' } });
    refs.untouched = await paidPayment(demo, { amount: 1250 });
    for (const reference of Object.values(refs)) await settled(reference, (t) => t.state === 'authorized', `${reference} authorised`);
    // The one to refund is captured first, through the API.
    const capture = await demo.api(`/api/transactions/${refs.toRefund}/capture`, {});
    assert.ok(capture.status === 200 || capture.status === 202, JSON.stringify(capture.body));
    await settled(refs.toRefund, (t) => t.state === 'captured', 'captured before the refund');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function open(viewport: { width: number; height: number }, path?: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await newPage(browser);
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    await signIn(page, demo, path);
    return page;
  }
  const row = (page: Page, reference: string) => page.locator(`#transactions tr[data-reference="${reference}"]`);

  for (const [name, viewport, scheme] of [
    ['desktop', DESKTOP, 'light'],
    ['phone', PHONE, 'light'],
    ['phone, dark mode', PHONE, 'dark'],
  ] as const) {
    it(`list and payment page: axe finds nothing, no sideways scrolling (${name} ${viewport.width}×${viewport.height})`, async () => {
      const page = await open(viewport, undefined, scheme);
      await row(page, refs.toRefund).waitFor();
      assert.deepEqual(await axeViolations(page), [], 'list');
      assert.equal(await scrollsSideways(page), false, 'list scrolls sideways');
      // The reference is on screen next to (above, on a phone) its actions.
      const reference = await row(page, refs.toRefund).locator('a.ref').boundingBox();
      assert.ok(reference && reference.x >= 0 && reference.x + reference.width <= viewport.width, 'reference in view');

      await row(page, refs.toRefund).locator('a.ref').click();
      await page.waitForURL(`**/dashboard/transactions/${refs.toRefund}`);
      await page.locator('#transaction-title').waitFor();
      // The dialog open too: its contents are checked with the page.
      await page.locator('#transaction-actions button[data-action="refund"]').click();
      await page.locator('#confirm[open]').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'payment page with the dialog');
      assert.equal(await scrollsSideways(page), false, 'payment page scrolls sideways');
      await page.keyboard.press('Escape');
      await page.locator('#confirm:not([open])').waitFor({ state: 'attached' });
      assert.deepEqual(await axeViolations(page), [], 'payment page');
      assert.deepEqual(pageErrors(page), []);
      await page.context().close();
    });
  }

  it('Escape and "Go back" change nothing', async () => {
    const before = await detail(refs.toRefund);
    const page = await open(DESKTOP);
    const refund = row(page, refs.toRefund).locator('button[data-action="refund"]');
    await refund.click();
    const dialog = page.locator('#confirm[open]');
    await dialog.waitFor();
    assert.equal(await page.locator('#confirm-amount').inputValue(), '', 'not prefilled with the full amount');
    await page.locator('#confirm-amount').fill('3.00');
    await page.keyboard.press('Escape');
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.equal(await focusedWithin(page, `tr[data-reference="${refs.toRefund}"]`), true, 'focus back on the row');

    await refund.click();
    await page.locator('#confirm-amount').fill('4.00');
    await page.getByRole('button', { name: 'Go back' }).click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.deepEqual(await detail(refs.toRefund), before, 'nothing changed');
    assert.equal(await page.locator('#notice').textContent(), '');
    await page.context().close();
  });

  it('keyboard only: search, the row, a partial refund through the dialog, the notice, focus back on the row', async () => {
    const page = await open(DESKTOP);
    await tabTo(page, '#q');
    await page.keyboard.type(refs.toRefund);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`\\?q=${refs.toRefund}$`));
    await row(page, refs.toRefund).waitFor();
    await tabTo(page, `tr[data-reference="${refs.toRefund}"] button[data-action="refund"]`);
    await page.keyboard.press('Enter');
    await page.locator('#confirm[open]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'confirm-amount', 'focus in the amount field');

    // More than was captured is refused in the dialog, before any request.
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    assert.match((await page.locator('#confirm-error').textContent()) ?? '', /At most €19\.99 can be refunded/);
    assert.equal((await detail(refs.toRefund)).refundedAmount ?? 0, 0);

    // Tab stays inside the dialog.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      assert.equal(await focusedWithin(page, '#confirm'), true, `Tab ${i + 1} left the dialog`);
    }
    await tabTo(page, '#confirm-amount');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('5.00');
    const effect = (await page.locator('#confirm-effect').textContent()) ?? '';
    assert.equal(effect, 'Refund €5.00 of €19.99 to VISA •••• 1111. The shopper gets the money back in a few days; this cannot be undone.');
    assert.equal(await page.locator('#confirm-ok').textContent(), 'Refund €5.00');
    await page.keyboard.press('Enter');
    await page.locator('#confirm').waitFor({ state: 'hidden' });

    const notice = (await page.locator('#notice').textContent()) ?? '';
    assert.match(notice, new RegExp(`${refs.toRefund}`));
    assert.match(notice, /€5\.00/);
    assert.equal(await focusedWithin(page, `tr[data-reference="${refs.toRefund}"]`), true, 'focus back on the row');
    // The notice and the row say the same thing.
    const state = (await row(page, refs.toRefund).getAttribute('data-state')) ?? '';
    const badge = (await row(page, refs.toRefund).locator('.state').textContent()) ?? '';
    assert.match(notice, new RegExp(`Now ${badge}`));
    assert.ok(['captured', 'partially_refunded'].includes(state), state);
    const after = await settled(refs.toRefund, (t) => t.refundedAmount === 500, 'refund of 5.00 confirmed');
    assert.equal(after.state, 'partially_refunded');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('partial capture: empty field, checked against what is left, one capture for a double click', async () => {
    const page = await open(DESKTOP);
    await row(page, refs.toCapture).locator('button[data-action="capture"]').click();
    await page.locator('#confirm[open]').waitFor();
    assert.equal(await page.locator('#confirm-amount').inputValue(), '');
    await page.locator('#confirm-ok').click();
    assert.match((await page.locator('#confirm-error').textContent()) ?? '', /Type the amount to capture, at most €30\.00/);
    await page.locator('#confirm-amount').fill('12,5');
    assert.match((await page.locator('#confirm-effect').textContent()) ?? '', /^Capture €12\.50 of €30\.00 authorised on VISA •••• 1111\./);
    await page.locator('#confirm-ok').dblclick();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.equal(await focusedWithin(page, `tr[data-reference="${refs.toCapture}"]`), true);
    const captured = await settled(refs.toCapture, (t) => t.capturedAmount === 1250, 'partial capture confirmed');
    assert.equal(captured.amount, 3000);
    const operations = (captured.operations ?? []).filter((op) => op.kind === 'capture');
    if (captured.operations)
      assert.deepEqual(
        operations.map((op) => op.amount),
        [1250],
        'one capture',
      );
    await page.context().close();
  });

  it('filters live in the URL: a reload keeps them, the export link carries them', async () => {
    const page = await open(DESKTOP);
    await page.locator('input[name="state"][value="authorized"]').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\?state=authorized$/);
    await page.reload();
    await page.locator('#app:not([hidden])').waitFor();
    await page.waitForFunction(() => document.body.dataset.loaded !== undefined && !document.body.hasAttribute('aria-busy'));
    assert.equal(await page.locator('input[name="state"][value="authorized"]').isChecked(), true);
    const states = await page.locator('#transactions tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    assert.ok(states.length > 0 && states.every((s) => s === 'authorized'), JSON.stringify(states));
    assert.match((await page.locator('#export').getAttribute('href')) ?? '', /^\/api\/transactions\/export\.csv\?state=authorized$/);
    await page.context().close();
  });

  it('a void whose answer is lost: confirming again sends the same Idempotency-Key, and Ogone is asked once', async () => {
    const page = await open(DESKTOP);
    // The first request reaches the server and is carried out; its answer never reaches the page.
    const keys = await loseFirstAnswer(page, `**/api/transactions/${refs.untouched}/cancel`);
    await row(page, refs.untouched)
      .getByRole('button', { name: `Void authorisation ${refs.untouched}` })
      .click();
    await page.locator('#confirm[open]').waitFor();
    assert.match((await page.locator('#confirm-effect').textContent()) ?? '', /^Void the authorisation of €12\.50 on VISA •••• 1111\./);
    assert.equal(await page.locator('#confirm-amount-field').isHidden(), true, 'a void has no amount');
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm-error').getByText('the proxy lost the answer').waitFor();
    assert.match((await page.locator('#confirm-ok').textContent()) ?? '', /^Retry: Void €12\.50$/);
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the retry is the same request');
    assert.ok(keys[0]!.length > 0);
    const voided = await settled(refs.untouched, (t) => t.state === 'cancelled', 'voided');
    assert.deepEqual(
      (voided.operations ?? []).map((op) => op.kind),
      ['cancel'],
      'one void',
    );
    assert.match((await page.locator('#notice').textContent()) ?? '', new RegExp(`${refs.untouched}`));
    await page.context().close();
  });

  it('"Load more" pages to the last transaction; the CSV export has the current filter', async () => {
    // 55 attempts never paid: drafts, hidden unless asked for.
    // Eight at a time: 55 at once opened more sockets from 127.0.0.1 than MAX_CONNECTIONS_PER_ADDRESS
    // (100) lets one address hold, and the guard refused the rest (and the browser's next page).
    const drafts: string[] = [];
    for (let i = 0; i < 55; i += 8) {
      const batch = Array.from({ length: Math.min(8, 55 - i) }, (_, j) => draftPayment(demo, 100 + i + j));
      drafts.push(...(await Promise.all(batch)));
    }
    const page = await open(DESKTOP, '/dashboard?drafts=true');
    assert.equal(await page.locator('#show-drafts').isChecked(), true);
    const listPage = async (cursor: string): Promise<{ data: unknown[]; nextCursor: string | null }> =>
      (
        await demo.api<{ data: unknown[]; nextCursor: string | null }>(
          `/api/transactions?includeDrafts=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
      ).body;
    let all = 0;
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 20; pages++) {
      const answer = await listPage(cursor);
      all += answer.data.length;
      cursor = answer.nextCursor;
    }
    assert.ok(all > 55, `${all} transactions`);
    assert.equal(await page.locator('#transactions tbody tr').count(), 50, 'a first page');
    while (await page.locator('#load-more').isVisible()) {
      await page.locator('#load-more').click();
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#load-more')?.disabled);
    }
    assert.equal(await page.locator('#transactions tbody tr').count(), all);
    assert.equal(await page.locator('#list-count').textContent(), `Showing all ${all} transactions.`);
    for (const reference of [drafts[0]!, drafts[54]!, refs.toRefund]) await row(page, reference).waitFor();
    assert.equal(await row(page, drafts[0]!).locator('.state').textContent(), 'draft');

    // The export: the filter of the page (one customer), downloaded with the key.
    await page.locator('#q').fill('cust-capture');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/\?q=cust-capture&drafts=true$/);
    await page.waitForFunction(() => document.querySelectorAll('#transactions tbody tr').length === 1);
    assert.match(
      (await page.locator('#export').getAttribute('href')) ?? '',
      /^\/api\/transactions\/export\.csv\?q=cust-capture&includeDrafts=true$/,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 2, csv);
    assert.match(lines[0]!, /reference/);
    assert.ok(lines[1]!.includes(refs.toCapture), csv);
    assert.match(download.suggestedFilename(), /^transactions-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.context().close();
  });

  it('a payment page: customer, description, amounts, card, operations, feedback, webhook events', async () => {
    const page = await open(PHONE, `/dashboard/transactions/${refs.toRefund}`);
    await page.locator('#transaction-title').waitFor();
    const text = (await page.locator('#transaction').textContent()) ?? '';
    for (const expected of ['Ada Lovelace', 'ada@example.com', 'Two espresso cups', '€19.99', 'VISA •••• 1111']) {
      assert.ok(text.includes(expected), `${expected} on the page`);
    }
    assert.equal(await page.locator('#transaction-title').evaluate((h) => h === document.activeElement), true, 'focus on the heading');
    assert.equal(await scrollsSideways(page), false);
    await page.context().close();
  });
  it("on a payment's page: capture what is left, the page re-read, focus kept on its actions", async () => {
    const page = await open(DESKTOP, `/dashboard/transactions/${refs.toCapture}`);
    await page.locator('#transaction-title').waitFor();
    await page.locator('#transaction-actions button[data-action="capture"]').click();
    assert.match((await page.locator('#confirm-hint').textContent()) ?? '', /^At most €17\.50/);
    await page.getByRole('button', { name: 'Everything left' }).click();
    assert.equal(await page.locator('#confirm-amount').inputValue(), '17.50');
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.match((await page.locator('#notice').textContent()) ?? '', new RegExp(`€17\\.50.*${refs.toCapture}`));
    assert.equal(await focusedWithin(page, '#transaction'), true, 'focus stays on the payment');
    const t = await settled(refs.toCapture, (x) => x.capturedAmount === 3000, 'all captured');
    assert.deepEqual(
      (t.operations ?? []).map((op) => op.amount).sort((a, b) => a - b),
      [1250, 1750],
    );
    await page.locator('#refresh').click();
    await page.locator('#transaction dd', { hasText: '€30.00' }).first().waitFor();
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });
});
