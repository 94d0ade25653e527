/**
 * Found by review r750 (finding 4). A sync asks at most MAX_LEVELS (20) history levels none of our
 * operations holds, oldest first (maintenance/sync.ts untiedLevels), and the back office's captures
 * made before any of ours are counted from those levels without being recorded as operations: they
 * are asked again by every sync. An authorisation captured in 21 parts in the back office: the
 * query read levels 1–20 only, found nothing new, and cleared `awaits_query` because "the levels
 * were read". The 21st capture was never counted, nor flagged: silently lost for good.
 * Now a sync whose cap left untied levels unread does not clear the flag: the payment keeps
 * `awaitsQuery` (the API refuses capture, refund and cancel), and is flagged for a person at once
 * (`needsAttention`, one payment.needs_attention) — which also stops the reconciler from asking
 * the head and 20 levels every round until the maximum age (Ogone forbids systematic queries).
 * Counting the 21st would take tying the counted levels to operations (a larger change, left).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`an authorisation captured in 21 parts in the back office (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);
    const stored = async (reference: string) => (await app.t.repository.getTransaction(reference))!;

    it('the 21st capture of 0.50 is not dropped: the flag is kept and a person told, without a query every round', async () => {
      const reference = await authorised();
      for (let i = 1; i <= 20; i++) await capturedAndCounted(reference, '0.50');
      assert.equal((await stored(reference)).capturedAmount, 1000, 'precondition: twenty captures of 0.50 counted');

      platform.backOffice({ status: '9', amount: '0.50' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored(reference)).awaitsQuery, true, 'precondition: the 21st awaits its query');
      const queried = await reconcilerRounds(app.t, 3);
      const after = await stored(reference);
      const told = await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.needs_attention' });
      assert.deepEqual(
        [after.capturedAmount, after.awaitsQuery === true, after.syncNeeded, after.needsAttention, told.items.length, queried.length],
        [1000, true, true, true, 1, 1],
        `the ledger says ${after.capturedAmount} captured, awaitsQuery ${after.awaitsQuery}, needsAttention ${after.needsAttention}, ` +
          `${told.items.length} payment.needs_attention, queried ${queried.length} times: the platform captured 10.50 on 21 levels`,
      );
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      assert.equal(refund.status, 409, 'no refund of the 10.00 counted while the 21st level is unread');
    });
  });
}
