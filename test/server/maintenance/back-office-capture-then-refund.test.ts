/**
 * Found by review r710. A payment authorised only (OPERATION RES) of 19.99: the merchant captures 3.00 in
 * Ogone's back office, then refunds those 3.00 there too, before the reconciler's round. Both
 * status-change feedbacks (9, then 8, each with the order's AMOUNT) only record the STATUS and
 * flag the payment (docs/ogone-protocol.md §9). The query that follows sees the head say 8: the refund is
 * counted (backOfficeRefund), but `backOfficeCapture` reads the levels only when the head or the
 * *last recorded* STATUS says a capture was done — the 8 replaced the 9 — so the capture level is
 * never counted, and `withPlatformRefund` takes "nothing captured" for "the whole amount captured"
 * (`base.capturedAmount || current.amount`): 19.99 captured, 3.00 refunded, 16.99 "left to refund".
 * Now the query reads the capture levels whenever a feedback left something to it, or the head
 * says a capture or a refund: 3.00 captured, 3.00 refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture of 3.00, then back-office refund of 3.00, one sync (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('counts 3.00 captured and 3.00 refunded, never 19.99 captured', async () => {
      const reference = await authorised();
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'authorized', 'precondition: authorised only');

      // The back office captures 3.00 of it (status change 9, the order's AMOUNT)…
      platform.backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      // …and refunds those 3.00 (status change 8, the order's AMOUNT), before any sync.
      platform.backOffice({ status: '8', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);

      const synced = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(synced.status, 200, await synced.clone().text());
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        { state: after.state, capturedAmount: after.capturedAmount, refundedAmount: after.refundedAmount },
        { state: 'refunded', capturedAmount: 300, refundedAmount: 300 },
        `the platform captured 3.00 and refunded 3.00, the ledger says ${after.state} with ${after.capturedAmount} captured and ` +
          `${after.refundedAmount} refunded: the capture level is never read because the 8 replaced the 9 as the last STATUS ` +
          '(sync.ts backOfficeCapture), and the refund then counts the whole authorisation as captured — the merchant API, the ' +
          'dashboard and the webhooks report 19.99 taken from the shopper and offer 16.99 more to refund that were never captured',
      );
      const refundable = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 100 } });
      assert.equal(refundable.status, 409, `a refund beyond the 3.00 captured (all refunded) is offered: ${await refundable.text()}`);
    });
  });
}
