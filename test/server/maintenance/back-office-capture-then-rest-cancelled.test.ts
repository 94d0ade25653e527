/**
 * Found by review r750 (finding 2). The back office captures part of an authorisation, then the
 * rest is deleted — in the back office (level 2, STATUS 6), or by our void sent before the back
 * office's 9 reached us. The capture was never counted: the 6 made the payment `cancelled`, the
 * query's capture levels were dropped on a state no capture moves (feedback/apply-answer.ts
 * withPlatformCapture) and its flag cleared; a 9 reaching a cancelled payment beside our done
 * cancel was recorded as a STATUS and nothing more. The shopper was charged 3.00 that the ledger,
 * the API and the webhooks never showed (docs/ogone-protocol.md §9).
 * Now a capture STATUS on a cancelled authorisation with nothing captured is left to the query like
 * any back-office capture (even beside a done cancel of ours), and the capture levels' sum moves
 * the payment to `captured` with it (shared/status.ts capturedBeforeCancel: a move against
 * TRANSITIONS, money did reach the merchant), with one payment.captured. The rest was deleted: no
 * capture of it is sent (409), the back office's deletion recorded as its cancel operation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';
import { actionsFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office partial capture, then the rest deleted in the back office (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    const { backOffice, maintenance } = platform;
    // A DES reaching the platform deletes what is left of the authorisation: its level says 6
    // (history-levels.ts).
    const stored = async (reference: string) => (await app.t.repository.getTransaction(reference))!;
    const captures = async (reference: string) =>
      (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' })).items.map(
        (e) => (e.data as { capturedAmount: number }).capturedAmount,
      );

    /** The rest of the authorisation was deleted: no capture of it goes out; the 3.00 can be refunded. */
    const restRefused = async (reference: string) => {
      const state = await stored(reference);
      assert.deepEqual([state.state, state.awaitsQuery === true], ['captured', false], 'captured, nothing awaiting');
      maintenance.length = 0;
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.deepEqual(
        [capture.status, maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`)],
        [409, []],
        `a capture of the deleted rest: ${await capture.clone().text()}`,
      );
      const view = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as PaymentAmounts;
      assert.deepEqual(actionsFor(view), ['refund'], 'the dashboard offers the refund of the 3.00 only');
    };

    it('the 3.00 captured before the deletion is counted by the query', async () => {
      const reference = await authorised();
      backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored(reference)).awaitsQuery, true, 'precondition: the 9 awaits its query');
      backOffice({ status: '6', amount: '16.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 6, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      const after = await stored(reference);
      assert.deepEqual(
        [after.capturedAmount, await captures(reference)],
        [300, [300]],
        `after the reconciler's rounds the ledger says ${after.state}, ${after.capturedAmount} captured, awaitsQuery ` +
          `${after.awaitsQuery}, syncNeeded ${after.syncNeeded}, needsAttention ${after.needsAttention}: the platform captured 3.00`,
      );
      await restRefused(reference);
    });

    it("our void sent before the back office's 9 reached us: the 3.00 captured before it is still counted", async () => {
      const reference = await authorised();
      // The back office captures 3.00; its feedback is on its way (the platform retries it later).
      backOffice({ status: '9', amount: '3' });
      const cancel = await app.t.api(`/api/transactions/${reference}/cancel`, { method: 'POST', json: {} });
      assert.equal(cancel.status, 200, 'precondition: our DES of the rest, answered 6');
      assert.equal((await stored(reference)).state, 'cancelled', 'precondition: cancelled');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      const after = await stored(reference);
      assert.deepEqual(
        [after.capturedAmount, await captures(reference)],
        [300, [300]],
        `after the 9 and the reconciler's rounds the ledger says ${after.state}, ${after.capturedAmount} captured, lastStatus ` +
          `${after.lastStatus}, awaitsQuery ${after.awaitsQuery}, syncNeeded ${after.syncNeeded}: the platform captured 3.00`,
      );
      await restRefused(reference);
    });
  });
}
