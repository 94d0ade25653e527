/**
 * The card page in a real browser (Debian Chromium through playwright-core): no accessibility
 * violations (axe-core), fields found by their autocomplete tokens, paid with the keyboard alone,
 * errors focused and announced, and the browser ends on the merchant's ACCEPTURL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Hono } from 'hono';
import type { ServerType } from '@hono/node-server';
import { listen } from '../../support/listen.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, signed } from './helpers.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium.js';

const CHROMIUM = CHROMIUM_PATH;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let running: RunningSandbox;
let shop: { server: ServerType; url: string };
let browser: Browser;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
  const app = new Hono();
  app.get('/shop/ok', (c) => c.html('<!doctype html><title>Thanks</title><h1>Thank you</h1>'));
  shop = await listen(app.fetch);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
});
after(async () => {
  await browser?.close();
  await running.close();
  await new Promise<void>((resolve) => shop.server.close(() => resolve()));
});

async function openPage(extra: Record<string, string> = {}): Promise<{ page: Page; orderId: string }> {
  const order = hostedOrder({ ACCEPTURL: `${shop.url}/shop/ok`, LANGUAGE: 'fr_FR', ...extra });
  const page = await browser.newPage();
  await page.goto(`${running.url}/ncol/test/orderstandard_utf8.asp?${new URLSearchParams(signed(order))}`);
  return { page, orderId: order.ORDERID };
}

/** axe-core through the driver, not a <script>: the sandbox pages' CSP (default-src 'none') stays as Ogone's would be. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (context: Document) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }
    ).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  return result;
}

describe('card page in Chromium', { skip: !existsSync(CHROMIUM) && 'no /usr/bin/chromium' }, () => {
  it('has no axe violations, before and after an error', async () => {
    const { page } = await openPage({ ALIAS: 'browser-alias', ALIASUSAGE: 'For next time' });
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('[autocomplete="cc-number"]', '4111111111111112');
    await page.fill('[autocomplete="cc-exp"]', '12/39');
    await page.fill('[autocomplete="cc-csc"]', '123');
    await page.fill('[autocomplete="cc-name"]', 'Jane Doe');
    await page.click('button[value="pay"]');
    await page.waitForSelector('[role="alert"]');
    const focused = await page.evaluate(() => document.activeElement?.className);
    assert.equal(focused, 'error-summary', 'the error summary takes the focus');
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });

  it('is paid with the keyboard alone and lands on ACCEPTURL with the feedback', async () => {
    const { page, orderId } = await openPage();
    assert.match((await page.textContent('#amount')) ?? '', /19,99\s€/);
    await page.keyboard.press('Tab'); // CARDNO is the first field
    const first = await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'));
    assert.equal(first, 'cc-number');
    await page.keyboard.type('4111 1111 1111 1111');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12/39');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Jane Doe');
    await Promise.all([page.waitForURL(`${shop.url}/shop/ok?**`), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('orderID'), orderId);
    assert.equal(url.searchParams.get('STATUS'), '9');
    assert.equal(await page.textContent('h1'), 'Thank you');
    await page.close();
  });

  it('the 3-D Secure, error and result pages have no axe violations either', async () => {
    const { page } = await openPage({ ACCEPTURL: '' });
    await page.fill('[autocomplete="cc-number"]', '4000000000000002');
    await page.fill('[autocomplete="cc-exp"]', '12/39');
    await page.fill('[autocomplete="cc-csc"]', '123');
    await page.fill('[autocomplete="cc-name"]', 'Jane Doe');
    await Promise.all([page.waitForURL('**/sandbox_3ds.asp?**'), page.click('button[value="pay"]')]);
    assert.deepEqual(await axeViolations(page), [], 'challenge page');
    await Promise.all([page.waitForURL('**/sandbox_3ds.asp'), page.click('button[value="approve"]')]);
    assert.match((await page.textContent('h1')) ?? '', /accepted/);
    assert.deepEqual(await axeViolations(page), [], 'result page');
    await page.goto(`${running.url}/ncol/test/orderstandard_utf8.asp`);
    assert.equal(await page.textContent('[role="alert"]'), 'no ORDERID');
    assert.deepEqual(await axeViolations(page), [], 'error page');
    await page.close();
  });
});
