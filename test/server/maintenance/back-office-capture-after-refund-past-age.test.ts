/**
 * Found by review r740. Commit 2e03139 leaves a back-office capture's 9 on a `partially_refunded` payment to the
 * query — but only while `levelsWillBeRead` (the reconciler's query comes before its maximum age).
 * Past RECONCILE_MAX_AGE_DAYS (30) the 9 falls back to decideFeedback "as before", which on a
 * `partially_refunded` payment counts nothing: the second shipment's capture is dropped whole, no
 * flag, no attention, exactly the defect r730 fixed for younger payments.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';
const DAY_MS = 86_400_000;

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture after our partial refund, past the reconciler's age (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);
    const stored = async (reference: string) => (await app.t.repository.getTransaction(reference))!;

    it('the 5.00 captured 31 days in is counted, flagged, or handed to a person — never dropped', async () => {
      const reference = await authorised();
      await capturedAndCounted(reference, '3');
      assert.deepEqual([(await stored(reference)).state, (await stored(reference)).capturedAmount], ['captured', 300], 'precondition');
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 100 } });
      assert.equal(refund.status, 200, await refund.clone().text());
      assert.equal((await stored(reference)).state, 'partially_refunded', 'precondition');

      app.t.clock.advance(31 * DAY_MS);
      platform.backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);

      const after = await stored(reference);
      const captured = (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' })).items.length;
      assert.ok(
        after.capturedAmount === 800 || after.awaitsQuery === true || after.needsAttention === true || after.syncNeeded === true,
        `the platform captured 5.00 more (8.00 in all) on this partially_refunded payment 31 days after it was made; the ledger ` +
          `says ${after.capturedAmount} captured, state ${after.state}, lastStatus ${after.lastStatus}, awaitsQuery ${after.awaitsQuery}, ` +
          `syncNeeded ${after.syncNeeded}, needsAttention ${after.needsAttention}, ${captured} payment.captured — past the ` +
          "reconciler's age the 9 falls back to decideFeedback, which counts nothing on a partially_refunded payment: the money " +
          'is invisible, refunds are capped at 2.00 instead of 7.00, and nobody is told',
      );
    });
  });
}
