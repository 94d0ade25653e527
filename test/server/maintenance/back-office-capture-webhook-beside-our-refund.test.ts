/**
 * Found by review r740. Commit 2e03139 builds the payment.captured of a back-office capture from the refunds as
 * read before the sync (`current.refundedAmount`), not as the same sync's decision leaves them. A
 * refund of ours still processing (81) that this sync finds done is announced first (payment.refunded),
 * then the payment.captured says the refund never happened: 0 refunded, `captured` — the last
 * webhook a merchant sees contradicts the ledger (partially_refunded, 1.00 refunded). Before the
 * commit the event was built from `{ ...current, ...patch }` and carried the settled refund.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture counted by the sync that settles our refund (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);

    it('payment.captured carries the refund the same sync settled', async () => {
      const reference = await authorised();
      // 3.00 captured in the back office, counted by the reconciler's query.
      await capturedAndCounted(reference, '3');
      // 1.00 refunded through our API: the platform answers 81 (processing) on level 2, done later.
      platform.maintenanceAnswer = (level, payIdSub) => platform.answer('81', payIdSub, level.amount);
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 100 } });
      assert.equal(refund.status, 202, await refund.clone().text());
      // Next shipment: 5.00 captured in the back office (level 3); its 9 is left to the query.
      platform.backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.awaitsQuery, true, 'precondition: left to the query');

      const synced = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(synced.status, 200, await synced.clone().text());
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount],
        ['partially_refunded', 800, 100],
        'precondition: the ledger counts 8.00 captured and our 1.00 refunded',
      );

      const events = (await app.t.repository.listEvents({ reference, limit: 50 })).items;
      const captured = events.find((e) => e.type === 'payment.captured' && (e.data as { capturedAmount: number }).capturedAmount === 800);
      assert.ok(captured, 'a payment.captured for the 8.00');
      const data = captured.data as { state: string; capturedAmount: number; refundedAmount: number };
      assert.deepEqual(
        { state: data.state, refundedAmount: data.refundedAmount },
        { state: 'partially_refunded', refundedAmount: 100 },
        `the payment.captured of this sync says ${data.state} with ${data.refundedAmount} refunded, sent after the same sync's ` +
          'payment.refunded of our 1.00: withPlatformCapture takes the refunds from the payment as read before the sync, not as ' +
          "the decision settles them — the merchant's last webhook un-books a refund the shopper got",
      );
    });
  });
}
