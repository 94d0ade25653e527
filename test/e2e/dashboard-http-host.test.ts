/**
 * The dashboard's money actions on a server reached over plain http by its name (review r1190).
 *
 * `crypto.randomUUID()` exists only in a secure context (https, or http://localhost). The
 * dashboard makes every Idempotency-Key with it (client/dialog.ts for capture / refund / void,
 * client/api.ts for every other POST). On a test deployment reached as
 * `http://payments.staging.internal:8787/dashboard` — allowed: PUBLIC_URL must be https only in
 * production (README, Configuration), and README "Going live" step 3 is "pay with Ogone's test
 * cards, refund one from the dashboard" — sign-in worked and the list showed, but "Refund €5.00"
 * did nothing at all (a TypeError thrown before the request, the dialog left open without a
 * word), and "Send test event" said the server "could not be reached". The keys now come from
 * `crypto.getRandomValues` (client/idempotency-key.ts).
 *
 * The demo process (the README's `npm start`) and Chromium, which resolves a host name to the
 * demo's loopback address (--host-resolver-rules): the page is then not a secure context, as on
 * any http host that is not localhost.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { capturedPayment, DESKTOP, transactionWhen } from './helpers/dashboard.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';

const HOST = 'payments.staging.internal';

describe('the dashboard over http on a host name (a test deployment)', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';

  before(async () => {
    [demo, browser] = await startDemoWith(
      () =>
        chromium.launch({
          executablePath: CHROMIUM_PATH,
          headless: true,
          args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
        }),
      { OGONE_OPERATION: 'RES', RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '0' },
    );
    reference = await capturedPayment(demo, 1999);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('a refund confirmed in the dialog is sent and done', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: DESKTOP });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const origin = demo.url.replace('localhost', HOST).replace('127.0.0.1', HOST);
    await page.goto(`${origin}/dashboard`);
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { isSecureContext: boolean }).isSecureContext),
      false,
      'an http page on a host name is not a secure context',
    );
    await page.locator('#api-key').fill(demo.apiKey);
    await page.locator('#api-key').press('Enter');
    await page.locator('#app:not([hidden])').waitFor();
    const row = page.locator(`#transactions tr[data-reference="${reference}"]`);
    await row.waitFor();

    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/refund')) posts.push(request.url());
    });
    await row.locator('button[data-action="refund"]').click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await page.waitForTimeout(2000);
    const dialogText = await page.locator('#confirm-error').textContent();
    assert.equal(
      posts.length,
      1,
      `the refund was never sent; dialog still open: ${await page.locator('#confirm').evaluate((d) => (d as unknown as { open: boolean }).open)}, its error: ${JSON.stringify(dialogText)}, page errors: ${JSON.stringify(errors)}`,
    );
    await transactionWhen<{ refundedAmount: number | null }>(demo, reference, (t) => (t.refundedAmount ?? 0) === 500, 'refunded 5.00');
    await context.close();
  });
});
