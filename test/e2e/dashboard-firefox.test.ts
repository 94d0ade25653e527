/**
 * The merchant dashboard in Firefox ESR too (Debian's, driven by puppeteer-core over WebDriver
 * BiDi, as test/e2e/firefox.test.ts): axe on the list and a payment's page at a desktop and a
 * phone width, no sideways scrolling, the dialog's "Go back" changing nothing, and with the
 * keyboard alone a search, a partial refund confirmed in the dialog, the notice and focus back
 * on the row; a partial capture.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { puppeteerCore } from '@web/test-runner-chrome';
import { DESKTOP, PHONE, paidPayment } from './helpers/dashboard.ts';
import { DEMO_WAIT, startDemoProcess, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const require = createRequire(import.meta.url);
type Page = puppeteerCore.Page;

interface Detail {
  state: string;
  capturedAmount: number | null;
  refundedAmount: number | null;
  operations?: Array<{ kind: string; amount: number }>;
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const run = (
      window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }
    ).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const focusedIn = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement !== document.body && document.activeElement?.closest(s) !== null, selector);
const loaded = (page: Page) =>
  page.waitForFunction(() => document.body.dataset.loaded !== undefined && !document.body.hasAttribute('aria-busy'));

/** Tab (Shift+Tab when `back`) until `selector` has focus, staying inside the page. */
async function tabTo(page: Page, selector: string, back = false, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    if (back) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('merchant dashboard in Firefox ESR', { skip: existsSync(FIREFOX) ? false : `${FIREFOX} is not installed` }, () => {
  let demo: DemoProcess;
  let browser: puppeteerCore.Browser;
  let toRefund = '';
  let toCapture = '';
  const detail = async (reference: string) => (await demo.api<Detail>(`/api/transactions/${reference}`)).body;
  const settled = (reference: string, until: (t: Detail) => boolean, what: string) =>
    eventually(async () => ((t) => (until(t) ? t : undefined))(await detail(reference)), defined, what, DEMO_WAIT);

  before(async () => {
    [demo, browser] = await Promise.all([
      startDemoProcess({ OGONE_OPERATION: 'RES', RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '0' }),
      puppeteerCore.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true }),
    ]);
    toRefund = await paidPayment(demo, { amount: 1999, customer: { id: 'ff-refund', name: 'Grace Hopper' }, description: 'A kettle' });
    toCapture = await paidPayment(demo, { amount: 3000 });
    for (const reference of [toRefund, toCapture]) await settled(reference, (t) => t.state === 'authorized', 'authorised');
    await demo.api(`/api/transactions/${toRefund}/capture`, {});
    await settled(toRefund, (t) => t.state === 'captured', 'captured');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function open(viewport: { width: number; height: number }, path = '/dashboard'): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    await page.goto(`${demo.url}${path}`);
    await page.type('#api-key', demo.apiKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#app:not([hidden])');
    await loaded(page);
    return page;
  }

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`axe finds nothing on the list and a payment's page, no sideways scrolling (${name})`, async () => {
      const page = await open(viewport);
      await page.waitForSelector(`#transactions tr[data-reference="${toRefund}"]`);
      assert.deepEqual(await axe(page), [], 'list');
      assert.equal(await sideways(page), false, 'list');
      await page.click(`#transactions tr[data-reference="${toRefund}"] a.ref`);
      await page.waitForSelector('#transaction-title');
      assert.equal(new URL(page.url()).pathname, `/dashboard/transactions/${toRefund}`);
      assert.deepEqual(await axe(page), [], 'payment page');
      assert.equal(await sideways(page), false, 'payment page');
      const text = await page.$eval('#transaction', (el) => el.textContent ?? '');
      assert.ok(text.includes('Grace Hopper') && text.includes('A kettle') && text.includes('VISA •••• 1111'), text);
      await page.close();
    });
  }

  it('"Go back" changes nothing; with the keyboard alone: search, a partial refund, the notice, focus on the row', async () => {
    const page = await open(DESKTOP);
    const before = await detail(toRefund);
    await page.click(`#transactions tr[data-reference="${toRefund}"] button[data-action="refund"]`);
    await page.waitForSelector('#confirm[open]');
    assert.equal(await page.$eval('#confirm-amount', (el) => (el as HTMLInputElement).value), '');
    await page.type('#confirm-amount', '7');
    await page.click('#confirm-dismiss');
    await page.waitForSelector('#confirm:not([open])');
    assert.deepEqual(await detail(toRefund), before, 'nothing changed');

    // Focus is back on the row's Refund button: up to the search box.
    assert.equal(await focusedIn(page, `tr[data-reference="${toRefund}"]`), true);
    await tabTo(page, '#q', true);
    await page.keyboard.type(toRefund);
    await page.keyboard.press('Enter');
    await page.waitForFunction((r) => location.search === `?q=${r}`, {}, toRefund);
    await loaded(page);
    await tabTo(page, `tr[data-reference="${toRefund}"] button[data-action="refund"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm[open]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'confirm-amount');
    await page.keyboard.type('5,00');
    assert.equal(
      await page.$eval('#confirm-effect', (el) => el.textContent),
      'Refund €5.00 of €19.99 to VISA •••• 1111. The shopper gets the money back in a few days; this cannot be undone.',
    );
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm:not([open])');
    await page.waitForFunction(() => (document.getElementById('notice')?.textContent ?? '') !== '');
    const notice = await page.$eval('#notice', (el) => el.textContent ?? '');
    assert.match(notice, new RegExp(`€5\\.00.*${toRefund}`));
    assert.equal(await focusedIn(page, `tr[data-reference="${toRefund}"]`), true, 'focus back on the row');
    await settled(toRefund, (t) => t.refundedAmount === 500, 'refund of 5.00');
    await page.close();
  });

  it('partial capture, checked against what is left', async () => {
    const page = await open(PHONE);
    await page.click(`#transactions tr[data-reference="${toCapture}"] button[data-action="capture"]`);
    await page.waitForSelector('#confirm[open]');
    await page.type('#confirm-amount', '31');
    await page.click('#confirm-ok');
    assert.equal(await page.$eval('#confirm-error', (el) => el.textContent), 'At most €30.00 can be captured.');
    await page.click('#confirm-amount', { count: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#confirm-amount', '10');
    await page.click('#confirm-ok');
    await page.waitForSelector('#confirm:not([open])');
    const captured = await settled(toCapture, (t) => t.capturedAmount === 1000, 'capture of 10.00');
    assert.deepEqual(
      (captured.operations ?? []).map((op) => [op.kind, op.amount]),
      [['capture', 1000]],
    );
    assert.equal(await sideways(page), false);
    await page.close();
  });
});
