/**
 * A test payment in the dashboard of a production server (review r1020), in Chromium: its list row
 * and its page say "test payment" and offer no capture, refund or void (the server would refuse
 * them, 409 livemode_mismatch). The demo runs the sandbox, so its payments say `livemode: false`;
 * the sign-in's summary is answered `livemode: true`, the production server's, as after the
 * go-live switch. The switch itself, against the real server, is test/server/dashboard/
 * test-payment-after-go-live.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import { capturedPayment, DESKTOP, signIn } from './helpers/dashboard.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';

describe('a test payment in the dashboard of a production server', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium, {
      OGONE_OPERATION: 'RES',
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_AFTER_SECONDS: '0',
    });
    reference = await capturedPayment(demo, 1999);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('is marked in its row and on its page, with no money action', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    await page.route('**/api/dashboard/summary?days=1', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), livemode: true } });
    });
    await signIn(page, demo);

    const row = page.locator(`#transactions tr[data-reference="${reference}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-flag="other-platform"]').textContent(), 'test payment');
    assert.equal(await row.locator('button[data-action]').count(), 0, 'no action in the row');
    assert.deepEqual(await axeViolations(page), [], 'list');

    await row.locator('a.ref').click();
    await page.waitForURL(`**/dashboard/transactions/${reference}`);
    const title = page.locator('#transaction-title');
    await title.waitFor();
    assert.equal(await title.locator('[data-flag="other-platform"]').textContent(), 'test payment');
    assert.match((await page.locator('.transaction .facts').textContent()) ?? '', /made on Ogone's test platform/);
    assert.equal(await page.locator('#transaction-actions button').count(), 0, 'no action on the page');
    assert.deepEqual(await axeViolations(page), [], 'payment page');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });
});
