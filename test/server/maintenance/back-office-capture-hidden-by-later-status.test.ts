/**
 * Found by review r750 (finding 1). The API refused a capture, a cancel and a refund while a
 * back-office capture awaited its query only as long as the payment's last STATUS was that capture's
 * 9 (domain/ledger.ts `captureReported` read `lastStatus`). Any later feedback recording another
 * STATUS while `awaits_query` was still set re-opened the API: the back office's own 91 delivered
 * late, a copy of the authorisation's 5, the back office's refund's 8 after its second capture's 9.
 * Then a cancel went out as DES while the back office had captured 3.00 (the payment `cancelled`,
 * the 3.00 never counted), a capture of the whole authorisation as SAS, a refund of "what was
 * captured" as an RFS of what was counted before (docs/ogone-protocol.md §9).
 * Now planOperation refuses a capture, a cancel and a refund whenever `awaitsQuery` is set, whatever
 * the reason and whatever STATUS was recorded since (409 invalid_state: sync, then try again).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office capture awaiting its query, its 9 replaced as last STATUS (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    const { backOffice, maintenance } = platform;
    // A DES reaching the platform deletes what is left of the authorisation: its level says 6
    // (history-levels.ts).
    const stored = async (reference: string) => (await app.t.repository.getTransaction(reference))!;
    const post = (reference: string, action: string) => app.t.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {} });

    it("the back office's 91 arriving after its 9: a cancel is still refused, and the 3.00 is never lost", async () => {
      const reference = await authorised();
      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const flagged = await stored(reference);
      assert.deepEqual([flagged.state, flagged.lastStatus, flagged.awaitsQuery], ['authorized', 9, true], 'precondition');
      assert.equal((await post(reference, 'cancel')).status, 409, 'precondition: cancel refused while the capture awaits its amount');

      // The 91 ("processing") the platform sent before the 9, delivered late (a retry).
      assert.equal((await app.feedback(feedbackFor(reference, 91, { PAYID }))).status, 200);
      const later = await stored(reference);
      const cancel = await post(reference, 'cancel');
      const sent = maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const after = await stored(reference);
      assert.deepEqual(
        [cancel.status, sent],
        [409, []],
        `after the late 91 (lastStatus ${later.lastStatus}, awaitsQuery ${later.awaitsQuery}) the cancel answered ${cancel.status} ` +
          `and sent ${JSON.stringify(sent)}; after a sync the ledger says ${after.state}, ${after.capturedAmount} captured ` +
          `(the platform captured 3.00), awaitsQuery ${after.awaitsQuery}`,
      );
    });

    it('a copy of the 5 after the 9: a capture of the whole authorisation is still refused', async () => {
      const reference = await authorised();
      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await post(reference, 'capture')).status, 409, 'precondition: capture refused while the capture awaits its amount');

      // The authorisation's feedback again (the platform retries it, or the shopper replays the redirect).
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const later = await stored(reference);
      const capture = await post(reference, 'capture');
      const sent = maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      assert.deepEqual(
        [capture.status, sent],
        [409, []],
        `after the copy of the 5 (lastStatus ${later.lastStatus}, awaitsQuery ${later.awaitsQuery}) the capture answered ` +
          `${capture.status} and sent ${JSON.stringify(sent)} while 3.00 of it was captured in the back office`,
      );
    });

    it("a second back-office capture, then the back office's refund: a refund through the API is still refused", async () => {
      const reference = await authorised();
      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      assert.equal((await stored(reference)).capturedAmount, 300, 'precondition: 3.00 counted');

      backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await post(reference, 'refund')).status, 409, 'precondition: refund refused while the 5.00 awaits its amount');
      backOffice({ status: '8', amount: '1' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      const later = await stored(reference);
      const refund = await post(reference, 'refund');
      const sent = maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      assert.deepEqual(
        [refund.status, sent],
        [409, []],
        `after the back office's 8 (lastStatus ${later.lastStatus}, awaitsQuery ${later.awaitsQuery}, ${later.capturedAmount} counted) ` +
          `the refund answered ${refund.status} and sent ${JSON.stringify(sent)}: an RFS of the 3.00 counted closes the order ` +
          'on the 5.00 the back office captured since',
      );
    });
  });
}
