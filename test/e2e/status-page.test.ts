/**
 * The status page in a real Chromium (issue 16): axe finds nothing in light and dark, at a
 * phone's width and a desktop's; our stylesheet loads under the page's strict CSP (no console
 * error, the widget's colours applied); the text never scrolls sideways on a phone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { closeServer, listen, type Listening } from '../support/listen.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';

describe('status page in Chromium', { timeout: 120_000 }, () => {
  let server: Listening;
  let browser: Browser;
  const references: Record<string, string> = {};

  after(async () => {
    await browser?.close();
    if (server) await closeServer(server.server);
  });
  const t = useTestApp('sqlite');
  before(async () => {
    server = await listen((request) => t.app.fetch(request));
    browser = await launchChromium();
    const cases: Array<[name: string, locale: string, status: number | undefined, extra: Record<string, string>]> = [
      ['declined', 'fr', 2, { NCERROR: '30001001' }],
      ['captured', 'zh-CN', 9, {}],
      ['pending', 'de', 51, {}],
    ];
    for (const [name, locale, status, extra] of cases) {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        locale,
        description: 'Carnet de voyage, papier ivoire, couverture en lin — 192 pages',
        failureUrl: 'https://shop.example.com/cart',
        successUrl: 'https://shop.example.com/thanks',
      });
      if (status !== undefined)
        await t.app.request('/payment/ogone/return', {
          method: 'POST',
          body: new URLSearchParams(feedbackFor(reference, status, extra)).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
        });
      references[name] = reference;
    }
  });

  async function open(page: Page, path: string) {
    await page.goto(`${server.url}${path}`);
    await page.locator('main h1').waitFor();
  }

  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      it(`${scheme}, ${width} px: no axe violation, styled, no sideways scrolling`, async () => {
        const page = await newPage(browser);
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        for (const name of ['declined', 'captured', 'pending']) {
          await open(page, `/payment/status/${references[name]}`);
          assert.deepEqual(await axeViolations(page), [], name);
          const style = await page.$eval('main', (main) => {
            const css = getComputedStyle(main);
            return { background: css.backgroundColor, radius: css.borderTopLeftRadius };
          });
          assert.equal(style.background, scheme === 'dark' ? 'rgb(30, 31, 32)' : 'rgb(255, 255, 255)', `${name}: the widget's background`);
          assert.notEqual(style.radius, '0px');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name}: ${overflow} px sideways`);
        }
        assert.deepEqual(pageErrors(page), [], 'no CSP violation, no failed load');
        await page.context().close();
      });
    }
  }

  /** An Italian payment left pending (51), its status page open; `settle` posts its next feedback. */
  async function pendingPage() {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', locale: 'it' });
    const settle = (status: number) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, status)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    await settle(51);
    const page = await newPage(browser);
    await open(page, `/payment/status/${reference}`);
    return { reference, page, settle };
  }

  it('a pending page shows the result by itself once the payment is captured, then stops checking', async () => {
    const { page, settle } = await pendingPage();
    assert.equal(await page.locator('h1').textContent(), 'Pagamento in corso');
    await settle(9);
    await page.locator('h1', { hasText: 'Pagamento ricevuto' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('script').count(), 0, 'the final page has no script');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('a re-check answered by an error page keeps the pending page and checks again', async () => {
    const { reference, page, settle } = await pendingPage();
    // The next re-check meets a proxy's 502 page (the signer restarting), then the real answer.
    let refused = 0;
    await page.route(`**/payment/status/${reference}`, async (route) => {
      refused++;
      await route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
      await page.unroute(`**/payment/status/${reference}`);
    });
    await settle(9);
    await page.locator('h1', { hasText: 'Pagamento ricevuto' }).waitFor({ timeout: 20_000 });
    assert.equal(refused, 1, 'a re-check met the error page');
    await page.context().close();
  });

  it('the 404 in German passes axe too', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/payment/status/NO-SUCH-REFERENCE`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Zahlung nicht gefunden');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
