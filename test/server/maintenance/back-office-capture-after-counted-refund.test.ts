/**
 * Found by review r250 (commit b6b9316). `backOfficeRefund` (maintenance/sync.ts) now reads the untied refund
 * levels whenever `awaitsQuery` is set, not only when the head's STATUS is a refund. But
 * `awaitsQuery` is also set for a *capture* the back office made beside ours (feedback/
 * with-operations.ts unexplainedByOurs). When the back office's refund was already counted by an
 * earlier sync, the levels' refund total equals `refundedAmount`, and `withPlatformRefund`
 * (feedback/apply-answer.ts) takes its "nothing more than we have recorded" branch, which returns
 * `withoutMoney(decision.patch)`: it strips the capturedAmount that `withBackOfficeLevels` had just
 * counted for the back office's capture — while the back-office operation row is still inserted and
 * payment.captured announced. The flag is cleared, so nothing ever counts that capture again.
 * Before b6b9316 the head's 9 never reached withPlatformRefund and the capture was counted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office refund counted, then a back-office capture of the rest (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;

    it('the sync counts the back-office capture even though the refund levels hold nothing new', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

      // Our partial capture of 10.00: level 1.
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(first.status, 200, `capture: ${await first.clone().text()}`);

      // The back office refunds 3.00 (level 2); its feedback leaves the amount to the query, which counts it.
      platform.backOffice({ status: '8', amount: '3.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.ok((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status < 300);
      const counted = await stored();
      assert.deepEqual(
        [counted.state, counted.capturedAmount, counted.refundedAmount, counted.awaitsQuery ?? false],
        ['partially_refunded', 1000, 300, false],
        'precondition: the back-office refund is counted once',
      );

      // The back office captures the rest (level 3); its feedback settles none of ours: awaitsQuery.
      platform.backOffice({ status: '9', amount: '9.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '3' }))).status, 200);
      assert.equal((await stored()).awaitsQuery, true, 'precondition: the back-office capture awaits its query');

      for (let round = 0; round < 3 && (await stored()).syncNeeded; round++) {
        const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
        assert.ok(sync.status < 300, `sync: ${sync.status} ${await sync.clone().text()}`);
      }
      const after = await stored();
      const ops = await app.t.repository.listOperations(reference);
      const doneCaptures = ops.filter((op) => op.kind === 'capture' && op.status === 'done').reduce((s, op) => s + op.amount, 0);
      assert.deepEqual(
        [after.capturedAmount, after.refundedAmount, after.syncNeeded ?? false],
        [1999, 300, false],
        `the platform captured 19.99 (10.00 ours + 9.99 the back office's) and refunded 3.00; the ledger says ` +
          `captured ${after.capturedAmount} (its done capture operations add up to ${doneCaptures}), refunded ` +
          `${after.refundedAmount}, state ${after.state}, syncNeeded ${after.syncNeeded}, awaitsQuery ${after.awaitsQuery}: ` +
          "withPlatformRefund's no-change branch stripped the back-office capture the same answer counted",
      );
    });
  });
}
