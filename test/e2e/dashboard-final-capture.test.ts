/**
 * "Final capture — release the rest" in the dashboard, in Chromium against the real server (the
 * demo process, the sandbox mounted, OGONE_OPERATION=RES): 60.00 of 100.00 captured with the box
 * checked goes to the platform as an SAS of 6000 (DirectLink guide §4.1.2: "last or full data
 * capture … closing the transaction"), the payment reads captured 60.00 of 100.00 with
 * `captureClosed`, and its row then offers a refund and no capture — the server would refuse one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP, paidPayment, signIn, transactionWhen } from './helpers/dashboard.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';

interface Detail {
  state: string;
  amount: number;
  capturedAmount: number | null;
  captureClosed?: boolean;
  operations?: Array<{ kind: string; operation: string; amount: number; status: string; final: boolean }>;
}

describe('dashboard: final capture', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';
  const settled = (until: (t: Detail) => boolean, what: string) => transactionWhen<Detail>(demo, reference, until, what);

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, {
      OGONE_OPERATION: 'RES',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_AFTER_SECONDS: '0',
    });
    reference = await paidPayment(demo, { amount: 10000 });
    await settled((t) => t.state === 'authorized', 'authorised');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('captures 60.00 as an SAS with the box checked; the row offers no capture after it', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    await signIn(page, demo);
    const row = page.locator(`#transactions tr[data-reference="${reference}"]`);
    await row.locator('button[data-action="capture"]').click();
    await page.locator('#confirm[open]').waitFor();
    assert.equal(await page.locator('#confirm-final-field').isVisible(), true, 'the box is offered for a capture');
    assert.equal(await page.locator('#confirm-final').isChecked(), false, 'unchecked at first');
    await page.locator('#confirm-amount').fill('60');
    assert.match((await page.locator('#confirm-effect').textContent()) ?? '', /The other €40\.00 stays authorised/);
    await page.getByLabel('Final capture — release the rest').check();
    assert.match(
      (await page.locator('#confirm-effect').textContent()) ?? '',
      /Final capture: the order is closed and the other €40\.00 is released/,
    );
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });

    const captured = await settled((t) => t.capturedAmount === 6000, 'final capture confirmed');
    assert.deepEqual(
      { state: captured.state, amount: captured.amount, closed: captured.captureClosed },
      { state: 'captured', amount: 10000, closed: true },
    );
    assert.deepEqual(
      (captured.operations ?? []).map((op) => [op.kind, op.operation, op.amount, op.final]),
      [['capture', 'SAS', 6000, true]],
    );
    // The list as it reads now (the row was redrawn when the SAS was still being processed, 91).
    await page.context().close();
    const later = await newPage(browser);
    await later.setViewportSize(DESKTOP);
    await signIn(later, demo);
    const rowNow = later.locator(`#transactions tr[data-reference="${reference}"]`);
    await rowNow.locator('button[data-action="refund"]').waitFor();
    assert.equal(await rowNow.locator('button[data-action="capture"]').count(), 0, 'no capture offered after a final capture');
    // The server refuses one all the same.
    const again = await demo.api(`/api/transactions/${reference}/capture`, { amount: 1000 });
    assert.equal(again.status, 409);

    // A refund dialog names no `final`.
    await rowNow.locator('button[data-action="refund"]').click();
    await later.locator('#confirm[open]').waitFor();
    assert.equal(await later.locator('#confirm-final-field').isVisible(), false);
    await later.locator('#confirm-dismiss').click();
    await later.context().close();
  });
});
