/**
 * Found by review r260. A payment of 19.99 authorised; our partial capture of 10.00 (level 1). The
 * back office refunds all of it (level 2), and a sync counts it: `refunded`, 10.00 captured and
 * refunded. Then the back office captures the remaining 9.99 (level 3) and refunds 2.00 of it
 * (level 4). The sync counts the capture (feedback/apply-answer.ts withBackOfficeLevels), but
 * `withPlatformRefund` finds 12.00 refunded of 19.99 — `partially_refunded` — a move TRANSITIONS
 * does not allow from `refunded`: it gave the refund up and the sync cleared `awaitsQuery` anyway.
 * The payment stayed `refunded` with 10.00 refunded of 19.99 captured, and nothing counted the
 * 2.00 ever again. Whether the platform accepts a capture after a full refund is unconfirmed
 * (docs/ogone-protocol.md §9); if it does, we count what the history levels say.
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
  describe(`a back-office full refund counted, then a back-office capture of the rest and a partial refund (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const sync = async () => {
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(response.status < 300, `sync: ${response.status} ${await response.clone().text()}`);
    };

    /** Authorised, 10.00 captured by us, all of it refunded in the back office and counted. */
    const refundedInFull = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(first.status, 200, `capture: ${await first.clone().text()}`);
      platform.backOffice({ status: '8', amount: '10.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '2' }))).status, 200);
      await sync();
      const counted = await stored();
      assert.deepEqual(
        [counted.state, counted.capturedAmount, counted.refundedAmount, counted.awaitsQuery ?? false],
        ['refunded', 1000, 1000, false],
        'precondition: the back-office refund of everything captured is counted',
      );
    };

    it('counts the capture of the rest and the 2.00 refunded of it: partially_refunded, 12.00 refunded', async () => {
      await refundedInFull();
      platform.backOffice({ status: '9', amount: '9.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '3' }))).status, 200);
      platform.backOffice({ status: '8', amount: '2.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '4' }))).status, 200);
      assert.equal((await stored()).syncNeeded, true, 'precondition: the feedbacks hand the payment to the reconciler');

      for (let round = 0; round < 3 && (await stored()).syncNeeded; round++) await sync();
      const after = await stored();
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount, after.syncNeeded ?? false, after.awaitsQuery ?? false],
        ['partially_refunded', 1999, 1200, false, false],
        `the platform captured 19.99 (10.00 ours + 9.99 the back office's) and refunded 12.00; the ledger says ` +
          `${after.state}, captured ${after.capturedAmount}, refunded ${after.refundedAmount}, syncNeeded ${after.syncNeeded}, ` +
          `awaitsQuery ${after.awaitsQuery}: the refund was given up and its reason cleared`,
      );
      const refunds = (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refunded' })).items;
      assert.deepEqual(
        refunds.map((event) => (event.data as { refundedAmount: number }).refundedAmount).sort(),
        [1000, 1200],
        'one payment.refunded per refund counted: the 10.00, then the 2.00 (12.00 in all)',
      );
    });

    it('a capture of the rest alone reopens the payment: partially_refunded, 10.00 refunded of 19.99', async () => {
      await refundedInFull();
      platform.backOffice({ status: '9', amount: '9.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '3' }))).status, 200);
      for (let round = 0; round < 3 && (await stored()).syncNeeded; round++) await sync();
      const after = await stored();
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount, after.syncNeeded ?? false],
        ['partially_refunded', 1999, 1000, false],
        `captured 19.99, refunded 10.00: not fully refunded, yet the ledger says ${after.state}`,
      );
    });

    it('a refund it cannot place keeps its reason: asked again, never given up with the flag cleared', async () => {
      await refundedInFull();
      // As a release before this fix left it: the capture of the rest counted, the payment still `refunded`.
      platform.backOffice({ status: '9', amount: '9.99' });
      await app.t.repository.mutateTransaction(reference, () => ({ patch: { capturedAmount: 1999 }, result: true }));
      platform.backOffice({ status: '8', amount: '2.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '4' }))).status, 200);
      await sync();
      const after = await stored();
      assert.deepEqual(
        [after.refundedAmount, after.awaitsQuery ?? false, after.syncNeeded ?? false],
        [1000, true, true],
        `12.00 refunded that the ledger cannot place (${after.state}, captured ${after.capturedAmount}): ` +
          'the reason must stay for the reconciler (and, past its maximum age, a person)',
      );
    });
  });
}
