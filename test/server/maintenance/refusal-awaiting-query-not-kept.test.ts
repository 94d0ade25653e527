/**
 * Review r970. A refund refused because a back-office capture awaits the query that reads its amount
 * (`awaitsQuery`, domain/ledger.ts AWAITS_QUERY_MESSAGE: "sync the payment …, then try again")
 * holds only until that query: the refusal itself says to try again. planOperation judges it by
 * planning the request as if what is in flight had failed and as if it had been done — but the
 * awaited query's outcome is modelled only as `awaitsQuery: false` with the amounts unchanged.
 * On an authorisation whose whole amount the back office captured, both re-plans say "nothing
 * was captured … cancel the authorisation instead" (invalid_state, the same code), so the
 * refusal is judged permanent: no Retry-After, kept as the Idempotency-Key's answer, and the
 * merchant's retry under the same key after the sync — what the message tells it to do — is
 * replayed 409 for a day instead of refunding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3097001';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund refused while a back-office capture awaits its query (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('carries Retry-After, is not kept, and its retry under the same key refunds once the payment is synced', async () => {
      const reference = await authorised();
      // The whole authorisation captured in Ogone's back office: its 9 flags the payment.
      platform.backOffice({ status: '9', amount: '19.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const flagged = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([flagged.capturedAmount, flagged.awaitsQuery], [0, true], 'precondition: the capture awaits its query');

      const headers = { 'idempotency-key': `refund-${reference}` };
      const early = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
      const earlyBody = await early.text();
      assert.equal(early.status, 409, earlyBody);
      assert.match(earlyBody, /then try again/);
      const earlyRetryAfter = early.headers.get('retry-after');

      // What the refusal says to do: sync, then try again.
      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      const synced = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([synced.capturedAmount, synced.awaitsQuery === true], [1999, false], 'precondition: the sync counted the capture');

      app.t.clock.advance(60_000);
      const again = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
      const body = await again.text();
      assert.deepEqual(
        {
          retryAfter: earlyRetryAfter,
          status: again.status,
          replayed: again.headers.get('idempotent-replayed'),
          refunded: (await app.t.repository.getTransaction(reference))?.refundedAmount,
          sent: platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`),
        },
        { retryAfter: '30', status: 200, replayed: null, refunded: 1999, sent: ['RFS 1999'] },
        `first answer 409 ${earlyBody.slice(0, 200)}; the same request after the sync: ${again.status} ${body.slice(0, 200)}`,
      );
    });
  });
}
