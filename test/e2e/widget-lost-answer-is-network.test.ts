/**
 * A lost answer to the Pay request is reported as "this page's origin is not in
 * ALLOWED_ORIGINS": the shopper reads "Payments are unavailable here." with no "Try again".
 *
 * Review r1251 found the defect: `#request()` (widget/ogone-checkout/ogone-checkout.ts) treats ANY rejected fetch as
 * "server down or CORS refusal" and tells them apart by probing the bundle with a HEAD request.
 * When the server is up and the page's origin IS allowed — the view was just loaded through CORS
 * from that same server — but the POST /checkout/sessions/:id/attempts itself fails on the way
 * (a connection reset, a mobile connection dropping, a proxy cutting a long request: the answer
 * is lost), the probe succeeds and the widget concludes `origin_not_allowed`:
 *   - the shopper reads "Payments are unavailable here." and gets no "Try again" button;
 *   - the console tells the merchant `… is not in ALLOWED_ORIGINS`, which is false (it is listed);
 *   - the merchant's `ogone-checkout-error` handler receives `code: 'origin_not_allowed'`.
 *
 * Promises broken: README.md "The page's origin must be in ALLOWED_ORIGINS" — origin_not_allowed
 * is for "it answers, but its ALLOWED_ORIGINS leaves this page's origin out"; a request that does
 * not get through is `network` "with a retry". README "Operations: what is guaranteed": "What was
 * not yet answered may be lost, and its sender retries (… the widget …)" — here it cannot.
 *
 * The fix made: in `#request()`, only diagnose `origin_not_allowed` while no request of this element to
 * that server has succeeded yet (a page whose origin is refused can never load the view); once
 * one has, a rejected fetch is `network` (status 0) with its retry. (And send an
 * Idempotency-Key reused by the retry, as README's durability paragraph says the widget does.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('the answer to the Pay request is lost on the way back', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('is a network error with a retry, not "origin not allowed"', async () => {
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error' && message.text().startsWith('ogone-checkout:')) consoleErrors.push(message.text());
    });
    // The server receives the attempt and answers it; the answer never reaches the browser.
    let attempts = 0;
    await tab.route('**/attempts', async (route) => {
      attempts++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);

    await tab.evaluate(`(() => {
      const el = document.querySelector('ogone-checkout');
      window.errors = [];
      el.addEventListener('ogone-checkout-error', (event) => window.errors.push({ code: event.detail.code, status: event.detail.status }));
      el.shadowRoot.querySelector('button[part="button"]').click();
    })()`);
    await tab.waitForFunction(`window.errors.length === 1`);
    await tab.waitForTimeout(200);
    const shown = (await tab.evaluate(`(() => {
      const root = document.querySelector('ogone-checkout').shadowRoot;
      return {
        errors: window.errors,
        message: root.querySelector('[part="error"] p')?.textContent?.trim() ?? '',
        retry: root.querySelector('[part="retry"]')?.textContent?.trim() ?? null,
      };
    })()`)) as { errors: Array<{ code: string; status: number }>; message: string; retry: string | null };
    await context.close();

    assert.equal(attempts, 1);
    assert.deepEqual(shown.errors, [{ code: 'network', status: 0 }], `console: ${JSON.stringify(consoleErrors)}`);
    assert.equal(shown.message, 'Payment server unreachable.');
    assert.equal(shown.retry, 'Try again');
    assert.deepEqual(consoleErrors, [], 'nothing blames ALLOWED_ORIGINS, which lists this page');
  });
});
