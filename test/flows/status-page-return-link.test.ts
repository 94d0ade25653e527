/**
 * The status page's "Return to the shop" carries the payment's reference (review r1070).
 *
 * Before: a payment whose result Ogone did not know at once (STATUS 92 "Payment uncertain", 52,
 * 51, 91 — the hosted page's EXCEPTIONURL) sends the shopper to our status page
 * (feedback/destination.ts), which refreshes itself until the payment is settled. Once it is
 * captured, the page says "Payment accepted" and offers "Return to the shop" — a link to the
 * session's bare `successUrl` (shopper-pages/status-view.ts `shopUrl`), without the
 * `?reference=<ORDERID>` every other way back carries (payments/shop-urls.ts withReference).
 *
 * Why it matters: the shop's success page is written, as the README tells merchants, to read
 * `reference` and confirm it with `GET /api/transactions/<reference>`. Arriving without one, it
 * cannot tell which payment (if any) was made: it shows the order as unpaid or an error — the demo
 * shop itself shows a fresh "Pay" button — and the shopper, who has paid, is invited to pay a
 * second time, or the order is left unfulfilled.
 *
 * Now (README "Embedding": "The shopper clicks, pays on Ogone's page and comes back
 * to `successUrl?reference=<ORDERID>` (or `failureUrl`); your backend confirms with
 * `GET /api/transactions/<reference>`"; docs/ogone-protocol.md §5 "The shop's URLs": "The shopper
 * is sent on to the session's success or failure URL with `reference=<ORDERID>` appended"): the
 * status page's way back to the shop for a paid payment is `successUrl?reference=<ORDERID>`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { hostedAttempt, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

describe('the status page of an uncertain payment that was then captured', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('"Return to the shop" goes to successUrl?reference=<ORDERID>', async () => {
    const session = await flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(session.status, 201);
    const attempt = await hostedAttempt(flow, session.body.id);
    // 4000 0000 0000 9292: STATUS 92, "Payment uncertain" — the platform's EXCEPTIONURL.
    const back = await payOnHostedPage(attempt, '4000000000009292');
    const redirect = await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' });
    await redirect.arrayBuffer();
    const statusPage = redirect.headers.get('location')!;
    assert.match(statusPage, /\/payment\/status\//, 'an uncertain payment is sent to our status page');

    // The acquirer settles it: captured. The reconciler (here: a sync) reads it.
    const [payment] = await sandboxPayments(flow, attempt.reference);
    const resolved = await fetch(`${flow.url}/sandbox/payments/${payment!.payId}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"status":9}',
    });
    assert.equal(resolved.status, 200);
    const synced = await flow.api(`/api/transactions/${attempt.reference}/sync`, {});
    assert.equal(synced.body.state, 'captured', JSON.stringify(synced.body));

    // The status page the shopper is still on reloads itself: "Payment accepted".
    const html = await (await fetch(statusPage, { headers: BROWSER_HEADERS })).text();
    assert.match(html, /data-outcome="success"/, html);
    const link = /<a class="button" href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(link, `the page has a way back to the shop: ${html}`);
    assert.equal(
      link,
      `https://shop.example.com/thanks?reference=${encodeURIComponent(attempt.reference)}`,
      'the paid shopper is sent back to the shop without the reference its success page confirms',
    );
  });
});
