/**
 * A refund status (8) for a payment whose 9 was lost. §6 handles the lost 9 for 94 / 96
 * ("From an earlier state (the capture's 9 late or lost) they say the money was captured"); a
 * refund status says the same — the money was captured, then refunded — and §9 has the
 * reconciler read the refund's amount from the query. The payment stayed `pending` (unpaid, never
 * queried again) while the platform reported it captured and refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, refundedInFull } from './fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`refund status after a lost 9 (${kind})`, () => {
    let reference = '';
    const app = appWithFakePlatform(kind, (path) => {
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      return refundedInFull(reference, PAYID);
    });

    it("46 (3-D Secure), the 9 lost, then 8 and the reconciler's query of 8: refunded, 19.99 captured and refunded", async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 46, { PAYID }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'pending');
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      const stored = await app.t.repository.getTransaction(reference);
      assert.equal(
        stored?.state,
        'refunded',
        `the platform says captured then refunded; state ${stored?.state}, lastStatus ${stored?.lastStatus}, syncNeeded ${stored?.syncNeeded}`,
      );
      assert.equal(stored?.capturedAmount, 1999);
      assert.equal(stored?.refundedAmount, 1999);
    });
  });
}
