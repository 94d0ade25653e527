/**
 * The widget in Chromium, on a shop's page, talking to the signer through the reverse proxy the
 * deployment guide ships (docs/deploy/nginx-site.conf, a real nginx): the signer goes down (a
 * restart, an upgrade) while nginx stays up, and the shopper clicks Pay.
 *
 * nginx then answers the API call itself, with a 502 that carries no Access-Control-Allow-Origin:
 * the browser fails that fetch exactly as it fails a CORS refusal. The widget must still read it
 * as a server that cannot be reached (README "Embedding": "Payment server unreachable.",
 * `network`, with a retry) and not as this page's origin missing from ALLOWED_ORIGINS
 * (`origin_not_allowed`, no retry, a console error sending the merchant to a setting that is
 * right). A `no-cors` probe could not tell the two apart — nginx's 502 resolves it as an opaque
 * answer — so the widget probes its bundle in CORS mode: only the signer serves it with
 * `Access-Control-Allow-Origin: *` (found in review r1070).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { startFlowServer, type FlowServer } from '../flows/helpers.ts';
import { closeServer, listen, type Listening } from '../support/listen.ts';
import { NGINX_SKIP, startNginxSite, type RunningNginx } from '../support/nginx.ts';

/** Run in the page (a string: this file is type-checked for Node, without the DOM). */
const RECORD_ERRORS = `window.errors = []; document.addEventListener('ogone-checkout-error', (event) => window.errors.push(event.detail));`;

describe('the widget while the signer behind the documented nginx site is down', { skip: NGINX_SKIP, timeout: 90_000 }, () => {
  let shop: Listening;
  let flow: FlowServer | undefined;
  let nginx: RunningNginx;
  let browser: Browser;
  let page = '';

  before(async () => {
    // The shop's own site, on another origin than the signer's (the README's shop.example.com).
    shop = await listen(() => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    flow = await startFlowServer('sqlite', { env: { ALLOWED_ORIGINS: shop.url } });
    nginx = await startNginxSite([Number(new URL(flow.url).port)]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await nginx?.close();
    await flow?.close();
    if (shop) await closeServer(shop.server);
  });

  it('the shopper clicks Pay while the signer restarts: "unreachable" with a retry, not "not in ALLOWED_ORIGINS"', async () => {
    const session = await flow!.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(session.status, 201);
    page = `<!doctype html><html lang="en"><body>
<script type="module" src="${nginx.url}/ogone-checkout.js"></script>
<ogone-checkout session="${session.body.id}"></ogone-checkout>
</body></html>`;

    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
    const tab = await context.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await tab.goto(`${shop.url}/`);
    // The widget loaded the session through nginx: the page's origin IS allowed.
    await tab.waitForFunction(
      `(() => { const root = document.querySelector('ogone-checkout')?.shadowRoot;
        return root?.querySelector('button[part="button"]')?.getAttribute('aria-busy') === 'false'; })()`,
    );
    await tab.evaluate(RECORD_ERRORS);

    // The signer goes down (a restart, an upgrade); nginx, the guide's proxy, is still up.
    const running = flow!;
    flow = undefined;
    await running.close();

    await tab.locator('ogone-checkout button[part="button"]').click();
    await tab.waitForFunction('window.errors.length > 0');
    const [error] = (await tab.evaluate('window.errors')) as Array<{
      code: string;
      message: string;
    }>;
    const shown = (await tab.evaluate(
      `(() => { const root = document.querySelector('ogone-checkout').shadowRoot;
        return { text: root.querySelector('[part="error"]')?.textContent ?? '', retry: root.querySelector('[part="retry"]') !== null }; })()`,
    )) as { text: string; retry: boolean };
    await context.close();

    assert.notEqual(
      error!.code,
      'origin_not_allowed',
      `a signer that is down behind nginx is reported as a CORS refusal: ${JSON.stringify(error)}, shown ${JSON.stringify(shown)}`,
    );
    assert.ok(
      !consoleErrors.some((line) => line.includes('is not in ALLOWED_ORIGINS')),
      `the console blames ALLOWED_ORIGINS for a signer that is down: ${JSON.stringify(consoleErrors)}`,
    );
    assert.ok(shown.retry, `no "Try again" for a server that is only down: ${JSON.stringify(shown)}`);
  });
});
