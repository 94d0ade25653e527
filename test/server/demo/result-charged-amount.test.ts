/**
 * Found by review r1706 (2026-12-07), now fixed.
 * The fix: the demo's result shows what was captured once there is a capture, and what was refunded beside it, as the status page does
 *
 * r1706 — The demo shop's result says the shopper paid the authorised amount after a partial
 * capture and a refund: "Payment refunded · Amount €30.00" for €10.00 charged and €10.00 given back.
 *
 * What is wrong: `demoResult` (server/demo/result.ts) puts `formatMoney(t.amount, …)` — the amount
 * authorised — on the details line, whatever was captured and refunded since. Our own status page
 * fixed exactly this (server/routes/status-page.ts `shownAmounts`, review r490): it shows what was
 * captured once there is a capture, and what was refunded beside it. The demo's result is "the
 * words a merchant will copy" (its header), and the merchant API it reads gives capturedAmount and
 * refundedAmount (README "Merchant API", transaction object).
 *
 * Why it matters: a shopper reading "Payment refunded … Amount €30.00" believes €30.00 came back
 * when €10.00 did (and only €10.00 was ever taken): a support call, or a dispute, for money that
 * was never charged; merchants who copy the demo copy the mistake.
 *
 * What the test expects: a €30.00 authorisation, €10.00 captured then refunded, reads €10.00 on
 * the demo's result and never €30.00 — as the status page already does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoShop } from '../../../server/demo/shop.ts';
import { merchantClient } from '../../../server/demo/merchant-client.ts';
import { API_KEY } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { closeServer, listen, type Listening } from '../../support/listen.ts';

describe('r1706: the demo result after a partial capture and a refund', () => {
  let signer: Listening;
  let shop: ReturnType<typeof createDemoShop>['app'];
  const t = useTestApp('sqlite');

  after(async () => {
    if (signer) await closeServer(signer.server);
  });
  before(async () => {
    signer = await listen((request) => t.app.fetch(request));
    shop = createDemoShop({
      merchant: merchantClient({ baseUrl: signer.url, apiKey: API_KEY }),
      publicUrl: 'http://shop.test',
      merchantName: 'Demo shop',
      webhookSecret: undefined,
      products: [],
    }).app;
  });

  it('shows what was charged, not the authorised amount', async () => {
    const reference = await newHostedAttempt(t, { amount: 3000, currency: 'EUR', locale: 'en', metadata: { product: 'espresso' } });
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, 5, { amount: '30.00' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(response.status, 200);
    // €10.00 of the €30.00 captured, then refunded: the ledger as a capture's and a refund's answers leave it.
    await t.repository.mutateTransaction(reference, () => ({
      patch: { state: 'refunded', capturedAmount: 1000, refundedAmount: 1000 },
      result: undefined,
    }));
    const html = await (await shop.request(`/?reference=${reference}`, { headers: { 'accept-language': 'en' } })).text();
    const section = /<section id="result"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    assert.match(section, /Payment refunded/);
    assert.doesNotMatch(section, /€30\.00/, 'the shopper was never charged €30.00');
    assert.match(section, /€10\.00/);
  });
});
