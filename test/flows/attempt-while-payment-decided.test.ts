/**
 * A payment the platform is still deciding holds its session, however it was made. After a
 * hosted-page payment answered uncertain (92: "the customer should not retry, the payment might
 * already have been accepted", DirectLink guide §3.3) or offline (51), the shopper back on the
 * shop was offered "Pay" again, and a second order was charged beside the first, given back only
 * afterwards (review r570). A new attempt is now 409 attempt_in_progress until the first is
 * settled; a declined one frees the session at once (docs/ogone-protocol.md §8).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a new attempt while the session's payment is being decided (${kind})`, () => {
    const t = useTestApp(kind);

    const feedback = (reference: string, status: number) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, status)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    const attempt = (sessionId: string) =>
      t.app.request(`/checkout/sessions/${sessionId}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });

    for (const status of [92, 52, 51]) {
      it(`STATUS ${status}: refused 409 attempt_in_progress, nothing made; once declined, a new attempt goes`, async () => {
        const first = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
        const sessionId = (await t.repository.getTransaction(first))!.sessionId;
        assert.equal((await feedback(first, status)).status, 200);
        assert.equal((await t.repository.getTransaction(first))?.state, 'pending');

        const refused = await attempt(sessionId);
        const body = (await refused.json()) as { error: { code: string; message: string } };
        assert.equal(refused.status, 409, JSON.stringify(body));
        assert.equal(body.error.code, 'attempt_in_progress');
        assert.match(body.error.message, new RegExp(`STATUS ${status}`));
        const listed = await t.repository.listTransactions({ sessionId, hiddenStates: [], limit: 10 });
        assert.equal(listed.items.length, 1, 'no second order');

        // The platform decides: declined. The shopper may try again.
        assert.equal((await feedback(first, 2)).status, 200);
        const again = await attempt(sessionId);
        assert.equal(again.status, 201, await again.text());
      });
    }

    it('a challenge left open (46) does not hold the session', async () => {
      const first = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
      const sessionId = (await t.repository.getTransaction(first))!.sessionId;
      assert.equal((await feedback(first, 46)).status, 200);
      const next = await attempt(sessionId);
      assert.equal(next.status, 201, await next.text());
    });
  });
}
