/**
 * Found by review r740. Commit 2e03139 builds the payment.captured of a back-office capture from the refunds "as
 * recorded" (`current.refundedAmount`, state `reopenedByCapture(current.state)`), ignoring what the
 * same sync's decision did to the refunds. When that sync also reads a reversal (94) of our refund,
 * the decision undoes it (refund_reversed: 0 refunded, captured) — and the payment.captured sent
 * after it says `partially_refunded` with 1.00 refunded again. (The path is new with this commit:
 * before it, the 9 on a partially_refunded payment was dropped; the event built from
 * `{ ...current, ...patch }` would have carried the reversal.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture and a reversal of our refund read by one sync (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);

    it('payment.captured does not resurrect the refund the same sync saw taken back', async () => {
      const reference = await authorised();
      // 3.00 captured in the back office, counted by the reconciler's query.
      await capturedAndCounted(reference, '3');
      // 1.00 refunded through our API (an RFD, level 2).
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 100 } });
      assert.equal(refund.status, 200, await refund.clone().text());
      // Next shipment: 5.00 captured in the back office (level 3); its 9 is left to the query.
      platform.backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.awaitsQuery, true, 'precondition: left to the query');
      // The acquirer then takes our refund back (level 2 says 94); its feedback is lost.
      platform.levelSays(2, '94');

      const synced = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(synced.status, 200, await synced.clone().text());
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount],
        ['captured', 800, 0],
        'precondition: the ledger counts 8.00 captured and the refund taken back',
      );

      const events = (await app.t.repository.listEvents({ reference, limit: 50 })).items;
      const reversed = events.filter((e) => e.type === 'payment.refund_reversed');
      assert.equal(reversed.length, 1, 'precondition: the reversal was announced');
      const captured = events.filter((e) => e.type === 'payment.captured');
      const last = captured.find((e) => (e.data as { capturedAmount: number }).capturedAmount === 800);
      assert.ok(last, 'a payment.captured for the 8.00');
      const data = last.data as { state: string; capturedAmount: number; refundedAmount: number };
      assert.deepEqual(
        { state: data.state, refundedAmount: data.refundedAmount },
        { state: 'captured', refundedAmount: 0 },
        `the payment.captured of this sync says ${data.state} with ${data.refundedAmount} refunded, while the same sync's ` +
          'payment.refund_reversed (sent before it) and the ledger say the refund was taken back (0 refunded, captured): ' +
          'withPlatformCapture now takes the refunds from the payment as read (current), not as the decision leaves them, so a ' +
          'merchant mirroring webhooks re-books the reversed 1.00 as refunded and never hears otherwise',
      );
    });
  });
}
