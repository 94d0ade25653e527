/**
 * Found by review r1555 (2026-12-07), now fixed.
 *
 * What is wrong: server/aliases/setup-return.ts (`verify` → `settled`) and routes/flex-return.ts.
 * A setup session's card verification (a DirectLink RES with the new alias, docs/ogone-protocol.md
 * §15) that the platform answers STATUS 5 for ANOTHER amount is applied as a mismatch: flagged,
 * never paid, state left `draft`. `verify` then releases the session's claim, and `settled` reads
 * that draft through `setupOutcome` as "a draft nobody is verifying": `not_saved`, with the reason
 * "another attempt of this checkout was verifying a card: try again" (there is no other attempt).
 * The shopper's browser is redirected to the shop's failure URL, and our status page for the same
 * reference says "card not saved" too (status-view.ts setupView never looks at amountMismatch).
 *
 * Why it matters: the platform told us it authorised the shopper's card (money reserved on it,
 * for an amount we did not ask), and a person has to look at it (`payment.mismatch`). The shopper
 * is instead told the card was not saved and sent to "try again" — a second verification, a second
 * hold on the card — while the first is still reserved and never cancelled here. The protocol
 * notes (docs/ogone-protocol.md §5 "What we answer") say a mismatch sends the browser to our status
 * page, never the shop's success or failure URL; today's fix for the saved-card payment does
 * exactly that (review r1528, `kind: "navigate"` to the status page), and the r1529 fix only stopped
 * a reload from sending the order again — the first return still says "not saved, try again".
 *
 * Expectation: the first FlexCheckout return, whose verification the platform answered for another
 * amount, redirects to our status page for the reference (not the failure URL), and that page does
 * not say "card not saved".
 *
 * The fix: payments/setup-destination.ts setupOutcome reads a verification draft flagged
 * amountMismatch as pending (the return goes to our status page), and shopper-pages/status-view.ts
 * setupView shows it under review, with no way back to try again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS)
  describe(`a setup verification the platform answered for another amount (${kind})`, () => {
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect'))
        // The verification asks for 1.00 EUR; the platform says it authorised 3.00.
        return platformAnswer({
          orderID: form.ORDERID!,
          PAYID: '7155501',
          ACCEPTANCE: 'test123',
          STATUS: '5',
          amount: '3',
          PM: 'CreditCard',
          BRAND: 'VISA',
        });
      if (path.includes('querydirect')) return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7155501', STATUS: '5', amount: '3' });
      return platformAnswer({ orderID: '', PAYID: form.PAYID ?? '', PAYIDSUB: '1', STATUS: '6', amount: '3' });
    });

    it('sends the shopper to our status page (under review), not to "card not saved, try again"', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-r1555-${kind}`, {
        successUrl: 'https://shop.example/saved',
        failureUrl: 'https://shop.example/not-saved',
      });
      const back = await t.app.request(setup.returnUrl());
      assert.equal(back.status, 303);
      const payment = await t.repository.getTransaction(setup.reference);
      assert.equal(payment?.amountMismatch, true, 'precondition: the answer was read as a mismatch');

      const location = back.headers.get('location') ?? '';
      assert.ok(
        !location.startsWith('https://shop.example/not-saved'),
        `the platform authorised the card for another amount (a person must look at it), yet the shopper was sent to the failure URL ("not saved, try again"): ${location}`,
      );
      assert.match(
        location,
        new RegExp(`/payment/status/${encodeURIComponent(setup.reference)}$`),
        'our status page, as for every mismatch',
      );

      const page = await t.app.request(`/payment/status/${encodeURIComponent(setup.reference)}`);
      const body = await page.text();
      assert.ok(!/Card not saved/.test(body), 'the status page must not say "Card not saved" for a card the platform authorised');
    });
  });
