/**
 * Found by review r1712 (2026-12-07), now fixed.
 * The fix: the add-card page reads the card's fate from the API by the return's reference (a listed card saved by it), never from ?result=
 *
 * r1712 — The demo's "Add a card" page says "Card saved — it is offered at your next checkout"
 * because the address says `?result=saved`, whatever became of the card.
 *
 * What is wrong: `GET /demo/add-card` (server/demo/add-card.ts) chooses its banner from the
 * query string alone (`result=saved` / `result=failed`), and ignores the `reference` the return
 * carries (payments/shop-urls.ts appends it to every way back; README "Embedding": the shop
 * confirms with it). The same page lists the customer's saved cards from the merchant API, so it
 * can say "Card saved" above "Your saved cards: None yet." A reload after the card was forgotten
 * (docs/ogone-protocol.md §15: "no surface says 'saved' any more"), a link shared or typed, or
 * any tampered query reads "saved". The shop's own page does it right: its result is read from
 * the API by reference (server/demo/shop.ts), never from the query.
 *
 * Why it matters: the shopper is told a card is on file for the next checkout when none is; the
 * next checkout offers none, or a merchant charge has no card to use. The demo is what merchants
 * copy, and this teaches them to trust an unsigned query parameter for a result.
 *
 * What the test expects: with no saved card at all for the customer, `?result=saved&reference=…`
 * does not say "Card saved".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoShop } from '../../../server/demo/shop.ts';
import type { MerchantClient } from '../../../server/demo/merchant-client.ts';

describe('r1712: the demo add-card page and its query string', () => {
  it('does not say "Card saved" when no card is saved', async () => {
    const merchant: MerchantClient = {
      createSession: async () => ({ id: 'cs_test_r1712' }),
      // The verification the reference names was refused: nothing was saved.
      transaction: async (reference) => ({
        reference,
        state: 'declined',
        amount: 100,
        currency: 'EUR',
        brand: 'VISA',
        cardNumber: 'XXXXXXXXXXXX0200',
        ncError: '30001001',
        ncErrorMessage: null,
        status: 2,
        amountMismatch: false,
      }),
      createSetupSession: async () => ({ id: 'cs_test_r1712_setup' }),
      savedCards: async () => [],
    };
    const { app } = createDemoShop({
      merchant,
      publicUrl: 'http://shop.test',
      merchantName: 'Demo shop',
      webhookSecret: undefined,
      products: [],
    });
    const response = await app.request('/demo/add-card?result=saved&reference=OC20250601090000-ABCDEFGH');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /id="no-saved-cards"/, 'the page itself lists no saved card');
    assert.doesNotMatch(html, /Card saved/, 'a query string is no proof that a card was saved');
  });
});
