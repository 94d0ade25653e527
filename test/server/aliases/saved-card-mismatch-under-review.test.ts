/**
 * Found by review r1528 (2026-12-07), now fixed.
 *
 * What is wrong: server/aliases/pay.ts (`aliasPaymentHandler`) answers the widget
 * `{ kind: 'completed', state: <the payment's state> }` after a saved-card order. When the
 * platform's answer says the money moved (STATUS 9) but its AMOUNT does not match the order's, the
 * answer is applied as a mismatch (feedback/apply-answer.ts, feedback/decide.ts: flagged, "never
 * paid", the state stays) — so the payment is still `draft`, and the shopper's answer is
 * `completed` with `state: "draft"`. The widget reads every `completed` state other than
 * authorized / captured / pending as a refusal (widget/ogone-checkout/ogone-checkout.ts `#pay`:
 * `payment_declined`, "Payment refused.").
 *
 * Why it matters: the platform said STATUS 9, "Payment requested" — the card was charged — and the
 * shopper is told the payment was refused, invites them to try another card (while the session's
 * claim still holds, so the retry is refused too). docs/ogone-protocol.md §5: a mismatch is never
 * paid, and "a person must look at [it] before the shop says 'paid'" — the hosted page's shopper is
 * sent to our status page, which says "Payment under review"; the saved-card shopper is told the
 * opposite of what happened to the money.
 *
 * Expectation: a saved-card order the platform answered 9 with another amount is never answered to
 * the widget as a payment that ended unpaid: its `completed` state is one the widget does not turn
 * into "Payment refused" (authorized, captured or pending), or the answer is not `completed`.
 *
 * The fix: aliases/pay.ts answers a saved-card payment the platform answered for another amount
 * with kind navigate to our status page (under review), as a hosted-page shopper is sent there.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

/** What the widget shows "Payment refused." for (widget/ogone-checkout/ogone-checkout.ts #pay). */
const toldRefused = (body: { kind?: string; state?: string }) =>
  body.kind === 'completed' && !/^(authorized|captured|pending)$/.test(body.state ?? '');

for (const kind of DATABASE_KINDS)
  describe(`a saved-card order answered 9 with another amount (${kind})`, () => {
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect'))
        return platformAnswer({
          orderID: form.ORDERID!,
          PAYID: '7152801',
          ACCEPTANCE: 'test123',
          STATUS: '9',
          // The order was 19.99 EUR: the platform says 29.99 was captured.
          amount: '29.99',
          PM: 'CreditCard',
          BRAND: 'VISA',
        });
      if (path.includes('querydirect'))
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7152801', STATUS: '9', amount: '29.99' });
      throw new Error(`unexpected call ${path}`);
    });

    it('the shopper is not told "Payment refused" for a card the platform charged', async () => {
      const t = fake.t;
      const customerId = `cust-r1528-${kind}`;
      const { card } = await paidWithSavedCard(t, customerId);
      const created = (await (
        await t.api('/api/checkout-sessions', {
          method: 'POST',
          json: { amount: 1999, currency: 'EUR', customer: { id: customerId }, successUrl: 'https://shop.example/thanks' },
        })
      ).json()) as { id: string };
      const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ aliasId: card.id }),
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 r1528' },
      });
      const text = await attempt.text();
      const body = JSON.parse(text) as { kind?: string; state?: string; reference?: string };
      const payment = body.reference ? await t.repository.getTransaction(body.reference) : undefined;
      assert.equal(payment?.amountMismatch, true, `precondition: the answer was read as a mismatch (${attempt.status} ${text})`);
      assert.ok(
        !toldRefused(body),
        `the platform answered STATUS 9 (charged), and the widget is answered ${attempt.status} ${text}: it shows "Payment refused."`,
      );
    });
  });
