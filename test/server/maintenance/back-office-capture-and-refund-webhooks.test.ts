/**
 * Found by review r730. A payment authorised only (OPERATION RES) of 19.99: the merchant captures 3.00 in
 * Ogone's back office and refunds 1.00 of it there too, before the reconciler's round — a partial
 * shipment and a small goodwill refund, both done in the back office the same afternoon. Both
 * status-change feedbacks are left to the query (docs/ogone-protocol.md §9), and one sync counts
 * both: 3.00 captured, 1.00 refunded. The ledger ends right.
 *
 * But the payment.captured webhook that sync emits says refundedAmount 19.99 (and the state the
 * head's 8 read as "everything refunded"): apply-answer.ts applies `withPlatformCapture` before
 * `withPlatformRefund`, and the former builds its event's data from `{ ...current, ...patch }`,
 * where the patch still carries decideFeedback's reading of the head's STATUS 8 — the whole order
 * refunded. A merchant's system mirroring the webhook records 19.99 refunded of 3.00 captured
 * (perhaps closes the order, restocks, or books a refund) before the payment.refunded that says
 * 1.00. Webhooks are the documented way to follow a payment's money.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture and refund counted by one sync: the webhooks' amounts (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('payment.captured carries what was captured and refunded, never the whole order as refunded', async () => {
      const reference = await authorised();

      platform.backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      platform.backOffice({ status: '8', amount: '1' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);

      const synced = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(synced.status, 200, await synced.clone().text());
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount],
        ['partially_refunded', 300, 100],
        'precondition: the ledger counts 3.00 captured and 1.00 refunded',
      );

      const events = (await app.t.repository.listEvents({ reference, limit: 50 })).items;
      const captured = events.filter((e) => e.type === 'payment.captured');
      assert.equal(captured.length, 1, 'one payment.captured');
      const data = captured[0]!.data as { state: string; capturedAmount: number; refundedAmount: number };
      assert.ok(
        data.refundedAmount <= data.capturedAmount && data.refundedAmount <= 100,
        `the payment.captured webhook says capturedAmount ${data.capturedAmount}, refundedAmount ${data.refundedAmount}, ` +
          `state ${data.state}: more refunded than was ever captured or refunded (1.00 was). withPlatformCapture builds its ` +
          "event from a patch still holding decideFeedback's reading of the head's STATUS 8 (the whole order refunded), before " +
          'withPlatformRefund corrects it — a merchant following webhooks books 19.99 refunded',
      );
    });
  });
}
