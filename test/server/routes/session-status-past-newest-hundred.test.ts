/**
 * Found by review r1487 (2026-12-07), now fixed.
 *
 * What is wrong: GET /api/checkout-sessions/:id (server/routes/merchant/sessions.ts) reads only the
 * session's newest 100 payments (`listTransactions({ sessionId, limit: 100 })`) and derives the
 * session's `status` from them (server/payments/views.ts `sessionStatus`), listing those 100 as the
 * session's `transactions` with no sign that there are more. A session has no bound on its attempts
 * (each click of the widget's pay button, each tab, makes one; the public route allows
 * RATE_LIMIT_PER_MINUTE, 120, a minute per address). Once a session has more than 100, a payment
 * the platform is still deciding (STATUS 51, "waiting": it may still be paid) that is older than
 * the newest 100 is not looked at: past the expiry the session reads `expired`, and the payment is
 * missing from its `transactions`.
 *
 * Why it matters: README ("Merchant API") promises `processing` "while a payment is pending — past
 * the expiry too": a merchant who cancels orders whose session reads `expired` cancels one whose
 * money then comes in (the 51 turns into 9), the case review r1395 fixed for a session's few
 * attempts. A card-testing run on the checkout, or a shopper's tabs and retries, is enough to push
 * the pending payment out of the window.
 *
 * Expectation: a session with a pending payment reads `processing` past its expiry whatever the
 * number of its attempts, and that payment is among its transactions.
 *
 * The fix: GET /api/checkout-sessions/:id reads the newest 100 payments and then any older one
 * still pending, holding or having held money, or awaiting a query (repository
 * listSessionTransactions); transactionsTruncated says other payments exist.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import type { AttemptResult } from '../../../shared/schemas/api.ts';

const LATER_ATTEMPTS = 100;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`a session with more than 100 attempts and an older pending payment (${kind})`, () => {
    const t = useTestApp(kind);

    const attempt = async (sessionId: string): Promise<string> => {
      const response = await t.app.request(`/checkout/sessions/${sessionId}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ saveCard: false }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>).reference;
    };

    it('reads processing past its expiry, the pending payment listed', async () => {
      const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', expiresIn: 3600 } });
      const session = (await created.json()) as { id: string };
      const first = await attempt(session.id);
      t.clock.advance(1000);
      for (let i = 0; i < LATER_ATTEMPTS; i++) await attempt(session.id);
      // The first attempt's shopper finished on Ogone's page: the payment is waiting (51).
      assert.equal((await postServerFeedback(t, feedbackFor(first, 51))).status, 200);
      assert.equal((await t.repository.getTransaction(first))?.state, 'pending', 'precondition: the first payment is pending');

      t.clock.advance(2 * 86_400_000); // past the expiry and every attempt's time on the hosted page
      const view = (await (await t.api(`/api/checkout-sessions/${session.id}`)).json()) as {
        status: string;
        transactions: Array<{ reference: string; state: string }>;
      };
      assert.deepEqual(
        { status: view.status, pendingListed: view.transactions.some((tx) => tx.reference === first) },
        { status: 'processing', pendingListed: true },
        `README: "processing while a payment is pending — past the expiry too"; the session with ${LATER_ATTEMPTS + 1} attempts, ` +
          `${first} pending (51), reads "${view.status}" and lists ${view.transactions.length} transactions without it`,
      );
    });
  });
}
