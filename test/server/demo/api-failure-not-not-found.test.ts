/**
 * Found by review r1711 (2026-12-07), now fixed.
 * The fix: the demo shop tells a failure of the merchant API on its problem line, never as 'payment not found'
 *
 * r1711 — The demo shop tells a shopper back from paying "Payment not found — there is no payment
 * with this reference" whenever the merchant API merely failed to answer.
 *
 * What is wrong: `GET /?reference=…` (server/demo/shop.ts) reads the payment with
 * `options.merchant.transaction(reference).catch(() => undefined)`: every failure — a 503 while
 * the signer restarts, a lost connection, a 500 — becomes "no such payment", and
 * `demoResult` (server/demo/result.ts) then shows the not-found words. The merchant client itself
 * keeps the two apart (server/demo/merchant-client.ts: undefined only for a 404, a
 * MerchantApiError otherwise), and the page already has a place for a failure of the API
 * (`problem`, "The shop could not …"). The banner's state is then "unknown", which the page's
 * module never re-checks (it re-checks only "pending" and "draft"), so the wrong words stay.
 *
 * Why it matters: the shopper has just paid and comes back to the shop (the success URL carries
 * the reference, README "Embedding"); a passing API failure tells them their payment does not
 * exist — "check the link you followed, or contact the shop" — and the natural reaction is to pay
 * again. The demo is what merchants copy (result.ts: "the words a merchant will copy").
 *
 * What the test expects: when the API fails with a 503, the page does not say the payment was not
 * found (no "unknown" result, no "Payment not found").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoShop } from '../../../server/demo/shop.ts';
import { MerchantApiError, type MerchantClient } from '../../../server/demo/merchant-client.ts';

describe('r1711: the demo shop when the merchant API fails to answer', () => {
  it('does not tell the shopper their payment does not exist', async () => {
    const merchant: MerchantClient = {
      createSession: async () => ({ id: 'cs_test_r1711' }),
      transaction: async (reference) => {
        throw new MerchantApiError(`GET /api/transactions/${reference}: 503 the service is restarting`);
      },
      createSetupSession: async () => ({ id: 'cs_test_r1711_setup' }),
      savedCards: async () => [],
    };
    const { app } = createDemoShop({
      merchant,
      publicUrl: 'http://shop.test',
      merchantName: 'Demo shop',
      webhookSecret: undefined,
      products: [],
    });
    const response = await app.request('/?reference=OC20250601090000-ABCDEFGH', { headers: { 'accept-language': 'en' } });
    const html = await response.text();
    assert.doesNotMatch(html, /Payment not found/, 'a 503 is not "no such payment"');
    assert.doesNotMatch(html, /data-state="unknown"/, 'a 503 is not "no such payment"');
  });
});
