/**
 * `node --import tsx scripts/screenshots.ts` — the README's pictures, from the real demo in
 * Debian's Chromium: the shop after a payment, the button in each locale, the sandbox's card
 * page and the merchant dashboard, into docs/screenshots/ (1000 px wide, PNG).
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startDemo } from '../server/demo/run.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const ARGS = [...CHROMIUM_ARGS, '--hide-scrollbars'];

const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-screenshots-'));
// The reconciler every second: the refund below settles through its query, as in production
// (the sandbox sends no status-change request by default, docs/ogone-protocol.md §13).
const demo = await startDemo({
  env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '0' },
  print: () => {},
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
const written: string[] = [];

async function shot(page: Page, name: string, target?: string) {
  const file = path.join(OUT, `${name}.png`);
  if (target) await page.locator(target).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  written.push(file);
}

async function ready(page: Page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('ogone-checkout')].every(
      (el) => el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-busy') === 'false',
    ),
  );
}

async function pay(page: Page, product: string, card: string, action: 'pay' | 'cancel' = 'pay') {
  await page.goto(`${demo.publicUrl}/`);
  await ready(page);
  const pick = page.locator(`li[data-product="${product}"] ogone-checkout [part="saved-card"] input`);
  if ((await pick.count()) > 0) await pick.last().check();
  await Promise.all([
    page.waitForURL(/\/ncol\/test\//),
    page.locator(`li[data-product="${product}"] ogone-checkout button[part="button"]`).click(),
  ]);
  await page.locator('input[autocomplete="cc-number"]').fill(card);
  await page.locator('input[autocomplete="cc-exp"]').fill('12/30');
  await page.locator('input[autocomplete="cc-csc"]').fill('123');
  await page.locator(`button[name="ACTION"][value="${action}"]`).click();
  await page.waitForURL(/\/\?reference=/);
}

try {
  await mkdir(OUT, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1000, height: 760 },
    locale: 'en-GB',
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  const page = await context.newPage();

  // The button in each locale, before anything is paid.
  await page.goto(`${demo.publicUrl}/`);
  await ready(page);
  for (const [product, locale] of [
    ['espresso', 'en'],
    ['carnet', 'fr'],
    ['aceite', 'es'],
    ['longjing', 'zh'],
  ] as const) {
    await shot(page, `button-${locale}`, `li[data-product="${product}"]`);
  }

  // The sandbox's hosted payment page.
  await Promise.all([
    page.waitForURL(/\/ncol\/test\//),
    page.locator('li[data-product="espresso"] ogone-checkout button[part="button"]').click(),
  ]);
  await page.locator('input[autocomplete="cc-number"]').fill('4111 1111 1111 1111');
  await page.locator('input[autocomplete="cc-exp"]').fill('12/30');
  await page.setViewportSize({ width: 1000, height: 900 });
  await shot(page, 'sandbox-card-page');
  await page.setViewportSize({ width: 1000, height: 760 });

  // Some history for the dashboard, ending on a paid order with its webhook on the shop. One try
  // on the card page, so the refused card is declined at once.
  await fetch(`${demo.publicUrl}/sandbox/settings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.merchantApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ paymentTries: 1 }),
  });
  await pay(page, 'carnet', '4000000000000200');
  await pay(page, 'aceite', '4111111111111111', 'cancel');
  await pay(page, 'longjing', '5399999999999999');
  await pay(page, 'espresso', '4111111111111111');
  const reference = await page.locator('#result').getAttribute('data-reference');
  await page.locator(`#webhooks li[data-type="payment.captured"][data-reference="${reference}"]`).waitFor();
  await ready(page);
  await shot(page, 'shop');

  // The dashboard, signed in with the demo key, after a partial refund.
  await page.goto(`${demo.publicUrl}/dashboard`);
  await page.locator('#api-key').fill(demo.merchantApiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const row = page.locator(`#transactions tr[data-reference="${reference}"]`);
  await row.waitFor();
  await row.locator('input.amount').fill('5.00');
  await row.locator('button[data-action="refund"]').click();
  await page.locator('#notice').getByText('requested').waitFor();
  for (let i = 0; i < 50 && (await row.getAttribute('data-state')) !== 'partially_refunded'; i++) {
    await page.waitForTimeout(100);
    await page.locator('#refresh').click();
  }
  await page.locator('#events tr').first().waitFor();
  await shot(page, 'dashboard');
  await context.close();

  for (const file of written) process.stdout.write(`${path.relative(ROOT, file)}  ${Math.round((await stat(file)).size / 1024)} KB\n`);
} finally {
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
