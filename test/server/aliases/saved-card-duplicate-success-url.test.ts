/**
 * Found by review r1437 (2026-12-07), now fixed. What was wrong: a saved-card (DirectLink alias) payment of a session whose hosted-page payment,
 * opened in another tab, was paid while the saved-card order was in flight is flagged a duplicate
 * in its answer's write (feedback/apply-answer.ts → session-role.ts / decide.ts) and given back —
 * but aliases/pay.ts answers the shopper `completed` with `successUrl: <shop>?reference=<its own
 * reference>` whenever the payment is in a PAID state, never looking at `duplicateOf`. The hosted
 * page's shopper redirect (feedback/destination.ts shopperDestination) sends a duplicate's shopper
 * to the success URL with the session's paid reference (review r1070), never its own.
 *
 * Why it matters: the shop's success page confirms the order under the reference of a payment that
 * is being refunded as a duplicate (its payment.captured carries duplicateOf: "never fulfil"); a
 * shop looking the reference up finds it given back and tells the shopper the payment failed, or
 * fulfils against a payment whose money goes back.
 *
 * The fix: server/aliases/pay.ts sends a duplicate's shopper where the hosted page's return does
 * (feedback/destination.ts): the session's payment's reference while it holds the money.
 *
 * Expectation: the saved-card answer of a payment flagged a duplicate of the session's paid one
 * never points the shopper at its own reference: success URL with the session's paid reference (as
 * destination.ts does), or no success URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { paidWithSavedCard, postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const SUCCESS = 'https://shop.example/thanks';

for (const kind of DATABASE_KINDS)
  describe(`a saved-card payment flagged a duplicate of the hosted tab's (${kind})`, () => {
    const orders: string[] = [];
    const maintenance: string[] = [];
    let beforeAnswer: (() => Promise<void>) | undefined;
    const fake = appWithFakePlatform(kind, async (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID}`);
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: '2', STATUS: '8', amount: '19.99' });
      }
      if (path.includes('querydirect'))
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? '', STATUS: '9', amount: '19.99' });
      if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
      orders.push(form.ORDERID!);
      const hook = beforeAnswer;
      beforeAnswer = undefined;
      if (hook) await hook();
      return platformAnswer({
        orderID: form.ORDERID!,
        PAYID: String(7143700 + orders.length),
        ACCEPTANCE: 'test123',
        STATUS: '9',
        amount: '19.99',
        PM: 'CreditCard',
        BRAND: 'VISA',
      });
    });

    it("never sends the shopper to the shop's success page with the given-back payment's reference", async () => {
      const t = fake.t;
      const customerId = 'cust-r1437-dup';
      const { card } = await paidWithSavedCard(t, customerId);
      const created = (await (
        await t.api('/api/checkout-sessions', {
          method: 'POST',
          json: { amount: 1999, currency: 'EUR', customer: { id: customerId }, successUrl: SUCCESS },
        })
      ).json()) as { id: string };

      // Tab 1: the shopper opens Ogone's hosted page for the session.
      const hosted = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ saveCard: false }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(hosted.status, 201, await hosted.clone().text());
      const hostedReference = ((await hosted.json()) as { reference: string }).reference;

      // Tab 2 pays with the saved card; the hosted page's payment is accepted while that order is in flight.
      beforeAnswer = async () => {
        const answered = await postServerFeedback(t, feedbackFor(hostedReference, 9, { PAYID: '7143799' }));
        assert.equal(answered.status, 200);
      };
      const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ aliasId: card.id }),
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 r1437' },
      });
      const text = await attempt.text();
      assert.equal(orders.length, 1, `precondition: the saved-card order was sent (${attempt.status} ${text})`);
      const body = JSON.parse(text) as { reference?: string; successUrl?: string; state?: string };
      const savedReference = orders[0]!;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const saved = (await t.repository.getTransaction(savedReference))!;
      const session = (await t.repository.getSession(created.id))!;
      assert.equal(session.paidReference, hostedReference, 'precondition: the hosted-page payment paid the session');
      assert.equal(saved.duplicateOf, hostedReference, 'precondition: the saved-card payment is flagged its duplicate');
      const url = body.successUrl ? new URL(body.successUrl) : undefined;
      assert.ok(
        url === undefined || url.searchParams.get('reference') !== savedReference,
        `the saved-card payment ${savedReference}, flagged duplicateOf the session's payment and given back (now ${saved.state}; ` +
          `maintenance ${JSON.stringify(maintenance)}), answered ${attempt.status} state=${body.state} with successUrl ${body.successUrl}: ` +
          `the shop confirms the order under the reference of a payment being refunded`,
      );
    });
  });
