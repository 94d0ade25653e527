/**
 * `node --import tsx scripts/screenshots.ts` — the README's pictures, from the real demo in
 * Debian's Chromium: the shop after a payment, the button in each locale, the sandbox's card
 * page (1000 px wide), the status page on a phone in light and dark (390 px) and the merchant
 * dashboard (1280 px), into docs/screenshots/ (PNG, one device pixel per CSS pixel to stay small).
 */
import { spawnSync } from 'node:child_process';
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

// The shop sells a Chinese tea and the button speaks Chinese: without a CJK font Chromium draws
// empty boxes, and such pictures must not reach the README (Debian: fonts-wqy-microhei).
const cjkFonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
if (cjkFonts.status !== 0 || cjkFonts.stdout.trim() === '') {
  process.stderr.write(
    'screenshots: no Chinese font installed (fc-list :lang=zh is empty); install fonts-wqy-microhei or fonts-noto-cjk\n',
  );
  process.exit(1);
}

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
      (el) => !!el.shadowRoot?.querySelector('[part="base"]') && !el.shadowRoot.querySelector('[aria-busy="true"]'),
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
  const declined = await page.locator('#result').getAttribute('data-reference');
  await pay(page, 'aceite', '4111111111111111', 'cancel');
  await pay(page, 'longjing', '5399999999999999');
  await pay(page, 'espresso', '4111111111111111');
  const reference = await page.locator('#result').getAttribute('data-reference');
  await page.locator(`#webhooks li[data-type="payment.captured"][data-reference="${reference}"]`).waitFor();
  await ready(page);
  await shot(page, 'shop');
  await context.close();

  // The status page on a phone, light and dark: the French decline, its reason in plain words.
  for (const colorScheme of ['light', 'dark'] as const) {
    const phone = await browser.newContext({ viewport: { width: 390, height: 700 }, locale: 'fr-FR', deviceScaleFactor: 1, colorScheme });
    const statusPage = await phone.newPage();
    await statusPage.goto(`${demo.publicUrl}/payment/status/${declined}`);
    await statusPage.locator('main h1').waitFor();
    await shot(statusPage, `status-page-${colorScheme}`);
    await phone.close();
  }

  // The dashboard as it is, signed in with the demo key, after a partial refund made through the
  // merchant API (the dashboard's own buttons ask for a confirmation first).
  const refund = await fetch(`${demo.publicUrl}/api/transactions/${reference}/refund`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demo.merchantApiKey}`,
      'content-type': 'application/json',
      'idempotency-key': `screenshots-${reference}`,
    },
    body: JSON.stringify({ amount: 500 }),
  });
  if (!refund.ok) throw new Error(`refund for the dashboard picture: ${refund.status} ${await refund.text()}`);
  for (let i = 0; i < 50; i++) {
    const state = (
      (await (
        await fetch(`${demo.publicUrl}/api/transactions/${reference}`, { headers: { authorization: `Bearer ${demo.merchantApiKey}` } })
      ).json()) as { state: string }
    ).state;
    if (state === 'partially_refunded') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const desk = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  const dashboard = await desk.newPage();
  await dashboard.goto(`${demo.publicUrl}/dashboard`);
  await dashboard.locator('#api-key').fill(demo.merchantApiKey);
  await dashboard.getByRole('button', { name: 'Sign in' }).click();
  await dashboard.getByText(reference!).first().waitFor();
  await dashboard.waitForLoadState('networkidle');
  await shot(dashboard, 'dashboard');
  await desk.close();

  for (const file of written) process.stdout.write(`${path.relative(ROOT, file)}  ${Math.round((await stat(file)).size / 1024)} KB\n`);
} finally {
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
