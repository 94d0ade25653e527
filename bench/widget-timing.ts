/**
 * What the shopper waits for (issue 17): from navigation start to an enabled pay button, with the
 * CPU slowed 4× (Chromium DevTools Protocol, `Emulation.setCPUThrottlingRate`: a mid-range phone),
 * and from the click to the hosted payment page loaded (the sandbox's, on the same machine). Debian's
 * Chromium driven by playwright-core, the signer's production bundle in a process of its own; the
 * shop page is served on the signer's origin by the browser itself (no CORS in the measure).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium.js';
import { shippedNodeFlags, startChild } from './child.ts';
import { CREDENTIALS } from './http.ts';

export interface WidgetTiming {
  cpuThrottle: number;
  runs: number;
  /** Navigation start → pay button enabled, median and worst of `runs`. */
  readyMs: { median: number; max: number };
  /** Click → the hosted payment page loaded, median and worst of `runs`. */
  clickToHostedPageMs: { median: number; max: number };
}

/** In the page: performance.now() once the pay button is enabled and the widget no longer busy, else false. */
const BUTTON_ENABLED_AT = `(() => {
  const root = document.querySelector('ogone-checkout')?.shadowRoot;
  const button = root?.querySelector('button[part="button"]');
  return button && !button.disabled && button.getAttribute('aria-busy') === 'false' ? performance.now() : false;
})()`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => ({ median: Math.round(median(values)), max: Math.round(Math.max(...values)) });

export async function measureWidgetTiming(runs = 5, cpuThrottle = 4): Promise<WidgetTiming | { skipped: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-bench-widget-'));
  const server = await startChild('./servers/signer.mjs', { ...CREDENTIALS, DATA_DIR: dataDir }, shippedNodeFlags());
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    return { skipped: `Chromium not available: ${(error as Error).message.split('\n')[0]}` };
  }
  try {
    const response = await fetch(`${server.url}/api/checkout-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CREDENTIALS.MERCHANT_API_KEYS}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1999, currency: 'EUR', description: 'Benchmark', successUrl: `${server.url}/shop` }),
    });
    const session = (await response.json()) as { id: string };
    const shop = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
      <script type="module" src="/ogone-checkout.js"></script></head>
      <body><ogone-checkout session="${session.id}"></ogone-checkout></body></html>`;
    const ready: number[] = [];
    const hosted: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.route(`${server.url}/shop`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: shop }));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
      await page.goto(`${server.url}/shop`, { waitUntil: 'commit' });
      // performance.now() counts from the navigation's start.
      // A string, evaluated in the page (this file is type-checked without the DOM's types).
      const enabledAt = await page.waitForFunction(BUTTON_ENABLED_AT, undefined, { polling: 'raf', timeout: 30_000 });
      ready.push(Number(await enabledAt.jsonValue()));
      const clicked = performance.now();
      await Promise.all([
        page.waitForURL(/orderstandard/, { waitUntil: 'load', timeout: 30_000 }),
        page.locator('ogone-checkout').locator('button[part="button"]').click(),
      ]);
      hosted.push(performance.now() - clicked);
      await context.close();
    }
    return { cpuThrottle, runs, readyMs: summary(ready), clickToHostedPageMs: summary(hosted) };
  } finally {
    await browser.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/widget-timing.ts` runs just this part (needs `npm run build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureWidgetTiming(), null, 2));
}
