/**
 * The pending status page through an outage of the signer (behind nginx, its restart answers 502;
 * our rate limiter answers 429 for the minute): every such re-check is a failed one, and the page
 * keeps asking, less often (at most a minute apart), until the server's own page says to stop at
 * the session's expiry. It stopped for good after twelve failures — one minute — and never showed
 * the payment captured meanwhile (review r1110). The page's clock is Playwright's, so an outage of
 * ten minutes takes seconds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { closeServer, listen, type Listening } from '../support/listen.ts';
import { launchChromium, newPage } from './helpers/browser.ts';

describe('the pending status page through an outage of the signer', { timeout: 180_000 }, () => {
  let server: Listening;
  let browser: Browser;

  after(async () => {
    await browser?.close();
    if (server) await closeServer(server.server);
  });
  const t = useTestApp('sqlite');
  before(async () => {
    server = await listen((request) => t.app.fetch(request));
    browser = await launchChromium();
  });

  it('shows the captured payment once the signer answers again', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'it',
      expiresIn: 7200,
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    const settle = (status: number) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, status)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    await settle(51);
    const page = await newPage(browser);
    await page.clock.install();
    await page.goto(`${server.url}/payment/status/${reference}`);
    await page.locator('main h1').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Pagamento in corso');

    // The signer restarts: for ten minutes nginx answers every re-check with its own 502.
    let refused = 0;
    const path = `**/payment/status/${reference}`;
    await page.route(path, async (route) => {
      refused++;
      await route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    });
    for (let second = 0; second < 600; second += 5) {
      await page.clock.runFor(5_000);
      await new Promise((resolve) => setTimeout(resolve, 5)); // the routed answer, outside the page's clock
    }
    await page.unroute(path);
    // Back up; the platform's feedback (retried) tells it the payment was captured.
    await settle(9);
    let shown = '';
    for (let second = 0; second < 120 && shown !== 'Pagamento ricevuto'; second += 5) {
      await page.clock.runFor(5_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      shown =
        (await page
          .locator('h1')
          .textContent()
          .catch(() => '')) ?? '';
    }
    await page
      .locator('h1', { hasText: 'Pagamento ricevuto' })
      .waitFor({ timeout: 10_000 })
      .catch(() => {});
    shown = (await page.locator('h1').textContent()) ?? '';
    const stillSaysRefreshing = await page.locator('[role="status"]').count();
    await page.context().close();

    assert.ok(refused >= 12 && refused <= 40, `the re-checks during the outage, fewer as it lasted: ${refused}`);
    assert.equal(
      shown,
      'Pagamento ricevuto',
      `two minutes after the signer came back the page still says ${JSON.stringify(shown)}` +
        ` (its "refreshes itself" line shown: ${stillSaysRefreshing > 0}) — the script stopped checking`,
    );
  });
});
