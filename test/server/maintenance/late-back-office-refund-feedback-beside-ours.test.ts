/**
 * Found by review r1130. 19.99 captured by us (level 1). The merchant refunds 3.00 in Ogone's back
 * office (level 2, STATUS 8); its status-change feedback is delayed. Our refund of 5.00 is
 * answered 81, processed offline (level 3). The back office's late feedback then arrives: STATUS
 * 8, no PAYIDSUB ([ADV] §9.2.3.1). Read as the answer of our refund (domain/ledger.ts
 * updatesFromOverallStatus: the one refund of ours not failed), it settled ours as done and
 * cleared `syncNeeded`; the platform then refused ours (83), whose feedback found it `done` and
 * changed nothing, and no query ever came: 5.00 recorded refunded for good, while the platform
 * refunded 3.00 and refused ours. Level 2, held by none of our operations below ours, says the
 * feedback may be another operation's: it settles none of ours (feedback/with-operations.ts
 * unknownLevelBelowOurs), and the reconciler's query, reading each level with its amount, fails
 * ours and counts the back office's 3.00 (maintenance/sync.ts backOfficeRefund).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office refund's late 8 beside our refund still processing, ours then refused (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    it('the ledger ends with what the platform refunded: 3.00, our 5.00 failed', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, `precondition: captured: ${await capture.clone().text()}`);

      // The back office refunds 3.00 (level 2); its feedback is on its way, late.
      platform.backOffice({ status: '8', amount: '3.00' });
      // Our refund of 5.00: processed offline, answered 81 (level 3).
      platform.maintenanceAnswer = (level, payIdSub) => {
        level.status = '81';
        platform.orderSays('81');
        return platform.answer('81', payIdSub, level.amount);
      };
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
      assert.equal(refund.status, 202, `precondition: our refund processing: ${await refund.clone().text()}`);

      // The back office's late feedback: STATUS 8, no PAYIDSUB.
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      // The platform refuses our refund: its level and the order say 83, and so does its feedback.
      platform.levelSays(3, '83');
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID }))).status, 200);

      await reconcilerRounds(app.t, 3);
      const after = (await app.t.repository.getTransaction(reference))!;
      const operations = (await app.t.repository.listOperations(reference)).map((op) => `${op.kind} ${op.amount} ${op.status}`);
      assert.deepEqual(
        { refunded: after.refundedAmount, ours: operations.find((op) => op.startsWith('refund 500')) },
        { refunded: 300, ours: 'refund 500 failed' },
        `the platform refunded 3.00 (back office) and refused our 5.00 (levels ${JSON.stringify(platform.levels)}); ` +
          `the ledger says ${after.state}, refunded ${after.refundedAmount}, operations ${JSON.stringify(operations)}, ` +
          `syncNeeded ${after.syncNeeded}, lastStatus ${after.lastStatus}`,
      );
    });
  });
}
