/**
 * The dashboard's way to sync a payment with Ogone (review r1190 found none).
 *
 * docs/ogone-protocol.md (§ refunds, line ~582): "the merchant's sync (the dashboard's button, the
 * API) reads the levels as the reconciler would". README, `POST /api/transactions/:reference/capture`:
 * "while `amountsAwaitQuery` is true all three are refused 409 `invalid_state` — sync the payment,
 * then try again", and for a payment past RECONCILE_MAX_AGE_DAYS "`POST …/sync` … settles it".
 *
 * A payment whose amounts await a query (a capture made in Ogone's back office) has no capture,
 * refund or void on its dashboard page (money-actions.ts) — and had no button to sync it, nor a
 * word of why the actions were gone: the operator who must "sync the payment, then try again" cannot do so
 * from the dashboard at all. Now "Sync with Ogone" (client/sync-button.ts). The payment is a real one (demo process, sandbox, RES); only its
 * `amountsAwaitQuery` flag is set on the way to the page, as a back-office capture sets it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP, paidPayment, signIn, transactionWhen } from './helpers/dashboard.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';

describe('a payment awaiting a query on its dashboard page', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, { OGONE_OPERATION: 'RES' });
    reference = await paidPayment(demo, { amount: 1999 });
    await transactionWhen<{ state: string }>(demo, reference, (t) => t.state === 'authorized', 'authorised');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('offers a sync with Ogone (the documented "dashboard\'s button"), which POSTs …/sync', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    // As after a capture in Ogone's back office: the API says its amounts await a query.
    await page.route(`**/api/transactions/${reference}`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), amountsAwaitQuery: true } });
    });
    const syncs: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/api/transactions/${reference}/sync`)) syncs.push(request.url());
    });
    await signIn(page, demo, `/dashboard/transactions/${reference}`);
    await page.locator('#transaction-title').waitFor();

    assert.equal(
      await page.locator('#transaction-actions button[data-action]').count(),
      0,
      'no capture/refund/void while amounts await a query',
    );
    const sync = page.getByRole('button', { name: /sync|query ogone|check with ogone|update from ogone/i });
    assert.equal(
      await sync.count(),
      1,
      `the payment page offers no way to sync it with Ogone; the page says: ${JSON.stringify(await page.locator('#transaction').innerText())}`,
    );
    await sync.click();
    await page.waitForTimeout(1000);
    assert.equal(syncs.length, 1, 'the button sends POST /api/transactions/:reference/sync');
    await page.context().close();
  });
});
