/**
 * Found by review r710. A RES payment of 19.99: the back office captured 3.00 (counted by a sync), then
 * 5.00 more; that second 9 flags the payment (`awaitsQuery`) and the API refuses a capture and a
 * cancel until a query counts it (docs/ogone-protocol.md §9) — but not a refund. The merchant's refund of
 * "what was captured" goes out as an RFS of 3.00 (the order closed: docs/ogone-protocol.md §8),
 * its answer's STATUS 8 replaces the 9 as the last STATUS, and the next sync's `backOfficeCapture`
 * reads the levels only for a head or last STATUS saying a capture: the 5.00 is never counted and
 * the flag is cleared. The ledger says refunded in full while the shopper is still charged 5.00.
 * Now a refund is refused too while that capture awaits its amount, and the query reads the
 * capture levels whatever STATUS was recorded last.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund through the API while a back-office capture awaits its amount (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    const { backOffice, maintenance } = platform;

    it('the second back-office capture (5.00) is still counted, never lost behind our refund', async () => {
      const reference = await authorised();
      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.capturedAmount, 300, 'precondition: 3.00 counted');

      // 5.00 more captured in the back office: its 9 flags the payment.
      backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const flagged = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([flagged.capturedAmount, flagged.awaitsQuery], [300, true], 'precondition: the second capture awaits its query');

      // The merchant refunds what it is told was captured.
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      const sent = maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      assert.deepEqual(
        [refund.status, sent],
        [409, []],
        'no refund while what the back office captured is unknown: an RFS of the 3.00 counted would close the order on the 5.00',
      );
      // Then the reconciler's query.
      await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.equal(
        after.capturedAmount,
        800,
        `refund answered ${refund.status}, sent ${JSON.stringify(sent)}; after the sync the ledger says ${after.state}, ` +
          `${after.capturedAmount} captured, ${after.refundedAmount} refunded, awaitsQuery ${after.awaitsQuery}: the platform captured ` +
          '8.00 — the 5.00 the back office captured is never counted once our refund replaced its 9 as the last STATUS, and its flag ' +
          'is cleared; the shopper stays charged 5.00 the ledger calls refunded (and a refund was let out while the capture awaited its amount)',
      );
    });
  });
}
