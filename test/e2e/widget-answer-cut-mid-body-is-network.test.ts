/**
 * An answer lost on the way AFTER its headers arrived (the connection reset mid-body) is reported
 * as a server error `http_201` with NO "Try again", not as `network`.
 *
 * Review r1290 found the defect: in `#request()` (widget/ogone-checkout/ogone-checkout.ts), the fix for lost answers treated a lost
 * answer as `network` only when `fetch()` itself rejects. When the status line and headers came
 * through and the body is cut (a proxy or mobile connection dropping mid-answer, a load balancer
 * idle-timeout), `fetch()` resolves, `response.json().catch(() => undefined)` swallows the network
 * error, and the `response.ok && !data` branch throws `{ code: 'http_201', status: 201 }`. `#fail`
 * then shows "Something went wrong." (the generic server text), dispatches
 * `ogone-checkout-error` with code `http_201`, and offers no retry (status < 500, code not in the
 * retry list) — the shopper is stuck on a dead checkout while the server created the attempt, and
 * the merchant's error handler sees a "201 error".
 *
 * Promise broken: README.md — "Once the server has answered the page, a request that
 * fails (its answer lost on the way) is `network` too"; widget/README.md — `network` "(the server
 * cannot be reached, or an answer was lost on the way)", with a retry.
 *
 * The fix made: in `#request()`, tell a body that failed to arrive apart from one that is not JSON:
 * `await response.json()` inside a try whose catch throws `{ code: 'network' }` when reading the
 * body rejected with a TypeError (network), keeping `bad_response`/`http_<status>` for bodies that
 * arrived but do not parse.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { startFlowServer, type FlowServer } from '../flows/helpers.ts';
import { closeServer, listen, type Listening } from '../support/listen.ts';

describe('the answer to Pay is cut after its headers', { timeout: 60_000 }, () => {
  let shop: Listening;
  let flow: FlowServer;
  let browser: Browser;
  let proxy: Server;
  let proxyUrl = '';
  let page = '';
  let attempts = 0;

  before(async () => {
    shop = await listen(() => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    flow = await startFlowServer('sqlite', { env: { ALLOWED_ORIGINS: shop.url } });
    const target = new URL(flow.url);
    // A reverse proxy in front of the server; the connection of the attempt's answer drops
    // after the headers and a few bytes of the body.
    proxy = createServer((req, res) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks);
            headers['content-length'] = String(body.length);
            res.writeHead(answer.statusCode!, headers);
            if (req.method === 'POST' && req.url!.endsWith('/attempts')) {
              attempts++;
              res.write(body.subarray(0, 10));
              setTimeout(() => res.socket?.destroy(), 100);
            } else res.end(body);
          });
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await flow?.close();
    if (shop) await closeServer(shop.server);
  });

  it('is a network error with "Try again"', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    page = `<!doctype html><html lang="en"><body>
<script type="module" src="${flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}" server="${proxyUrl}"></ogone-checkout>
</body></html>`;
    const context = await browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);

    await tab.evaluate(`(() => {
      const el = document.querySelector('ogone-checkout');
      window.errors = [];
      el.addEventListener('ogone-checkout-error', (event) => window.errors.push({ code: event.detail.code, status: event.detail.status }));
      el.shadowRoot.querySelector('button[part="button"]').click();
    })()`);
    await tab.waitForFunction(`window.errors.length === 1`, undefined, { timeout: 15_000 });
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

    assert.equal(attempts, 1, 'the server received and answered the attempt');
    assert.deepEqual(shown, { errors: [{ code: 'network', status: 0 }], message: 'Payment server unreachable.', retry: 'Try again' });
  });
});
