/**
 * A partial refund made in Ogone's back office on a payment captured without any operation of
 * ours is read by a sync from its history level: 5.00 of 19.99 refunded, `partially_refunded`
 * (docs/ogone-protocol.md §9). Asking again — the merchant's sync, two syncs at once, a later
 * status-change feedback handing it to the reconciler — read the head's STATUS 8 as "everything
 * refunded" (`decideFeedback`), and `withPlatformRefund` (feedback/apply-answer.ts) kept that
 * decision because the platform's 5.00 was not more than recorded: `refunded` 19.99 and a second
 * payment.refunded, though only 5.00 went back to the shopper.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { headQueryBarrier, levelAnswer } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office partial refund synced twice (${kind})`, () => {
    let reference = '';
    const answer = (status: string, payIdSub: string, amount: string) =>
      levelAnswer({ orderID: reference, PAYID }, status, Number(payIdSub), amount);
    /** Armed, it holds head queries until two have arrived: both syncs asked before either applies. */
    const barrier = headQueryBarrier();
    const arm = () => barrier.arm();
    const app = appWithFakePlatform(kind, async (path, form) => {
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      await barrier.hold(path, form);
      // The order: its last level (1) a 5.00 refund made in the back office.
      if (form.PAYIDSUB === '1') return answer('8', '1', '5');
      return answer('8', '1', '19.99');
    });

    const sync = async () => {
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(response.status, 200, await response.clone().text());
    };

    it('the second sync leaves 5.00 refunded, partially_refunded, one payment.refunded', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'captured');

      await sync();
      const first = await app.t.repository.getTransaction(reference);
      assert.equal(first?.state, 'partially_refunded', 'precondition: the first sync read the level');
      assert.equal(first?.refundedAmount, 500);

      await sync();
      const second = await app.t.repository.getTransaction(reference);
      const page = await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refunded' });
      const refunded = page.items.map((e) => (e.data as { refundedAmount?: number }).refundedAmount);
      assert.deepEqual(
        [second?.state, second?.refundedAmount],
        ['partially_refunded', 500],
        `the platform still reports one 5.00 refund, yet a second sync recorded ${second?.state} ${second?.refundedAmount}` +
          ` (payment.refunded events with refundedAmount ${JSON.stringify(refunded)})`,
      );
      assert.equal(refunded.length, 1, `one refund at the platform, announced ${refunded.length} times`);
    });

    // PostgreSQL: the overtaken sync's second try reads the first one's write and applies over it
    // (on SQLite the single writer tends to overtake it twice, leaving it to the next sync).
    it(
      'two syncs at once (the reconciler and the merchant) of a fresh back-office refund record 5.00, not 19.99',
      { skip: kind !== 'postgres' },
      async () => {
        reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
        assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
        // The back office's status-change feedback (the order's AMOUNT): recorded, handed to a query.
        assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
        assert.equal((await app.t.repository.getTransaction(reference))?.state, 'captured');

        arm();
        await Promise.all([sync(), sync()]);
        const stored = await app.t.repository.getTransaction(reference);
        assert.deepEqual(
          [stored?.state, stored?.refundedAmount],
          ['partially_refunded', 500],
          `one 5.00 refund at the platform; after two syncs at once our ledger says ${stored?.state} ${stored?.refundedAmount}`,
        );
      },
    );
  });
}
