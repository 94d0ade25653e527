/**
 * Found by review r750 (finding 3). A back-office capture reported beside a capture of ours: its
 * status-change feedback (STATUS 9, the order's AMOUNT) settles none of ours, so the payment is
 * flagged (`awaits_query`, feedback/with-operations.ts unexplainedByOurs) — but the API's guard
 * (domain/ledger.ts `captureReported`) required `capturedOutsideOurApi`, false as soon as any
 * capture of ours stands. `POST /refund {}` then went out as RFS of the 5.00 counted, closing the
 * order on the 3.00 the back office captured since (docs/ogone-protocol.md §8, §9).
 * Now planOperation refuses a capture, a cancel and a refund whenever `awaitsQuery` is set,
 * beside operations of ours or not: 409, nothing sent, until a sync has read the levels.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office capture reported beside a capture of ours (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    const { backOffice, maintenance } = platform;
    const stored = async (reference: string) => (await app.t.repository.getTransaction(reference))!;

    it('no refund of "everything captured" while the 3.00 awaits its query', async () => {
      const reference = await authorised();
      const ours = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
      assert.equal(ours.status, 200, 'precondition: our capture of 5.00');
      assert.equal((await stored(reference)).capturedAmount, 500, 'precondition: 5.00 captured');

      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const flagged = await stored(reference);
      assert.deepEqual([flagged.awaitsQuery, flagged.syncNeeded], [true, true], "precondition: the back office's 9 awaits its query");

      maintenance.length = 0;
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      const sent = maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      const after = await stored(reference);
      assert.deepEqual(
        [refund.status, sent],
        [409, []],
        `the refund answered ${refund.status} and sent ${JSON.stringify(sent)} (ledger now ${after.state}, ` +
          `${after.capturedAmount} captured, ${after.refundedAmount} refunded) while the platform had captured 8.00: ` +
          'an RFS of the 5.00 counted closes the order on the 3.00 the back office captured',
      );
    });
  });
}
