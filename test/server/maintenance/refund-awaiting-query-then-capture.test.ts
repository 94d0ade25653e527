/**
 * Found by review r240. A back-office refund of a payment we captured (but never refunded) reaches us as a
 * status-change feedback 8: `awaitQueryAmount` (feedback/with-operations.ts) records the STATUS and
 * sets `awaitsQuery`, the refund's amount left to the sync (`backOfficeRefund`, maintenance/sync.ts).
 * The ledger does not count it meanwhile (refundedAmount 0), so its rule "a payment with refunds
 * cannot be captured again" (domain/ledger.ts planOperation) lets the merchant capture the rest
 * before the reconciler's round. That capture makes the head's STATUS a 9: `backOfficeRefund` only
 * reads a refund when the head says one, `backOfficeLevels` skips the refund kind (no refund of
 * ours), yet the sync "read the levels with nothing of ours open" and clears `awaitsQuery`
 * (feedback/apply-answer.ts). The back office's 3.00 is never counted, the payment never queried again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office refund awaiting its query, then our capture of the rest (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    const platformSum = (statuses: string[]) =>
      platform.levels.filter((l) => statuses.includes(l.status)).reduce((sum, l) => sum + minor(l.amount), 0);

    it('the ledger ends where the platform is: the refund counted (or the capture refused while it awaited its query)', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

      // Our partial capture of 10.00: level 1.
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(first.status, 200, `capture: ${await first.clone().text()}`);

      // The merchant refunds 3.00 in the back office (level 2); its status-change feedback arrives.
      platform.backOffice({ status: '8', amount: '3.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '2' }))).status, 200);
      const waiting = await stored();
      assert.deepEqual(
        [waiting.syncNeeded, waiting.awaitsQuery, waiting.refundedAmount],
        [true, true, 0],
        'precondition: the refund awaits the query that reads its amount',
      );

      // Before the reconciler's round the merchant captures the rest through our API.
      const rest = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      const restStatus = rest.status;

      const queried = await reconcilerRounds(app.t);

      const after = await stored();
      const platformCaptured = platformSum(['9']);
      const platformRefunded = platformSum(['8']);
      assert.deepEqual(
        [after.capturedAmount, after.refundedAmount],
        [platformCaptured, platformRefunded],
        `the platform captured ${platformCaptured} and refunded ${platformRefunded} (the capture of the rest answered ${restStatus}); ` +
          `the ledger says captured ${after.capturedAmount}, refunded ${after.refundedAmount}, state ${after.state}, ` +
          `syncNeeded ${after.syncNeeded}, awaitsQuery ${after.awaitsQuery}; reconciler queried ${JSON.stringify(queried)}: ` +
          "the back office's refund is never counted, its flag cleared by a sync that read no refund",
      );
    });

    it('a later back-office capture changes the head: the sync still reads the refund its feedback left to it', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(first.status, 200, `capture: ${await first.clone().text()}`);
      platform.backOffice({ status: '8', amount: '3.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '2' }))).status, 200);
      // The back office captures the rest (level 3): the head's STATUS is a 9 by the time we ask.
      platform.backOffice({ status: '9', amount: '9.99' });
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(sync.status < 300, `sync: ${sync.status}`);
      for (let round = 0; round < 2 && (await stored()).syncNeeded; round++)
        await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const after = await stored();
      assert.deepEqual(
        [after.capturedAmount, after.refundedAmount, after.syncNeeded],
        [1999, 300, false],
        `captured ${after.capturedAmount}, refunded ${after.refundedAmount}: the refund its feedback left to the query is counted`,
      );
    });
  });
}
