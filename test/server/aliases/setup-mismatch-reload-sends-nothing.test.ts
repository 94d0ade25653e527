/**
 * Found by review r1529 (2026-12-07), now fixed.
 *
 * What is wrong: server/aliases/setup-return.ts (`handleSetupReturn` → `verify`). A setup session's
 * card verification (a DirectLink RES of one unit with the new alias, docs/ogone-protocol.md §15)
 * that the platform answers STATUS 5 with an AMOUNT other than the order's is applied as a
 * mismatch (feedback/apply-answer.ts, feedback/decide.ts: flagged, never paid, the state stays
 * `draft`). `verify` then releases the session's claim (the payment is neither paid nor pending),
 * and the payment looks exactly like a verification never sent: `underWay` is false (state draft,
 * no syncNeeded). So every reload of the FlexCheckout return — the Back button, a refresh, the
 * browser restoring the tab — claims the session again and sends another RES for the same card and
 * the same ORDERID.
 *
 * Why it matters: the platform said it authorised the card (money reserved on the shopper's
 * card, never cancelled here since the payment is not `authorized`), and each reload asks for one
 * more authorisation — more holds on the shopper's card, or orders the platform refuses as
 * duplicates (DirectLink guide §3.4) — for a shopper who is told "card not saved". The docs promise
 * one verification per return, "whatever the number of copies of the return" (§15, and the module's
 * own header); an answered verification is never sent again (reviews r990, r1465: a reload after an
 * answer the platform gave must not send the order again).
 *
 * Expectation: once the platform has answered the verification (whatever its amount), reloading the
 * return sends no second order: one orderdirect call in all.
 *
 * The fix: aliases/setup-return.ts reads a verification the platform answered for another amount
 * (a draft flagged amountMismatch) as answered: a reload sends nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS)
  describe(`a setup verification answered 5 with another amount (${kind})`, () => {
    const orders: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect')) {
        orders.push(`${form.OPERATION} ${form.ORDERID} ${form.ALIAS}`);
        // The verification is 1.00 EUR; the platform's answer says 3.00 was authorised.
        return platformAnswer({
          orderID: form.ORDERID!,
          PAYID: '7152901',
          ACCEPTANCE: 'test123',
          STATUS: '5',
          amount: '3',
          PM: 'CreditCard',
          BRAND: 'VISA',
        });
      }
      if (path.includes('querydirect')) return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7152901', STATUS: '5', amount: '3' });
      return platformAnswer({ orderID: '', PAYID: form.PAYID ?? '', PAYIDSUB: '1', STATUS: '6', amount: '3' });
    });

    it('reloading the return sends no second authorisation', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-r1529-${kind}`, {
        successUrl: 'https://shop.example/saved',
        failureUrl: 'https://shop.example/not-saved',
      });
      const first = await t.app.request(setup.returnUrl());
      assert.equal(first.status, 303);
      assert.equal(orders.length, 1, 'precondition: the verification reached the platform');
      const payment = await t.repository.getTransaction(setup.reference);
      assert.equal(payment?.amountMismatch, true, 'precondition: its answer was read as a mismatch');

      // The shopper reloads the return, twice (Back, refresh).
      for (let i = 0; i < 2; i++) {
        const again = await t.app.request(setup.returnUrl());
        assert.ok(again.status < 500, `reload answered ${again.status}`);
      }
      assert.deepEqual(
        orders,
        [orders[0]],
        `the platform answered the verification (STATUS 5), yet each reload of the return sent another authorisation: ${JSON.stringify(orders)}`,
      );
    });
  });
