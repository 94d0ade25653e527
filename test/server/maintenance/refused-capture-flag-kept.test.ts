/**
 * Found by review r230. The ledger sets `awaitsQuery` when our operation fails while the payment's last
 * STATUS says that kind was done (domain/ledger.ts `settle`: "Without the flag the payment stayed
 * authorized, its STATUS final, for good"). When that failure is learnt by the sync itself (a
 * query by PAYIDSUB answers 93 for our capture while the head answers the back office's 9),
 * apply-answer.ts clears the flag the same answer just set (levelsRead and nothing open): the
 * back-office capture is counted by neither path (backOfficeLevels skips a kind without an
 * operation of ours, doneOutsideOurApi is skipped when a query updated an operation), and the
 * payment stays `authorized` with STATUS 9 final, never queried again.
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
  describe(`our capture refused as learnt by the sync, the back office captured (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const sync = async () => {
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(response.status < 300, `sync: ${response.status} ${await response.clone().text()}`);
    };

    it('the sync that finds ours refused keeps the payment for a query that counts the 9', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      // Our capture: answered 91 (processing) on level 1.
      platform.maintenanceAnswer = (level, payIdSub) => platform.answer('91', payIdSub, level.amount);
      const response = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.ok(response.status < 300, `capture: ${response.status}`);
      // Meanwhile the back office captured the order (level 2, its feedback naming it); ours is refused.
      platform.levels[0] = { status: '93', amount: '19.99' };
      platform.backOffice({ status: '9', amount: '19.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '2' }))).status, 200);
      const flagged = await stored();
      assert.equal(flagged.syncNeeded, true, 'precondition: the back office feedback flags the payment');

      await sync();
      // Either the first sync counts the capture or it keeps the payment for the next one.
      for (let round = 0; round < 3 && (await stored()).syncNeeded; round++) await sync();
      const after = await stored();
      assert.deepEqual(
        [after.state, after.capturedAmount],
        ['captured', 1999],
        `state ${after.state}, captured ${after.capturedAmount}, last STATUS ${after.lastStatus}, ` +
          `syncNeeded ${after.syncNeeded}, awaitsQuery ${after.awaitsQuery}: the order captured in the back office is ` +
          'left authorized for good, its STATUS final and the flag the ledger set cleared by the very answer that set it',
      );
    });
  });
}
