/**
 * A signed feedback for another amount under our ORDERID (an order the platform holds for another
 * amount) flags the payment and, docs/ogone-protocol.md §5, "the state stays". It also replaced the
 * PAYID of the order holding our money with the other order's, so the merchant's next capture or
 * refund was sent to that other order (review r1130). A payment already paid by its own order now
 * keeps its PAYID; one with no order yet still takes the other's details, to be found in the back
 * office.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const OURS = '3014726';
const OTHER = '3099999';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a signed feedback for another amount under our ORDERID, then the merchant's operation (${kind})`, () => {
    const platform = historyLevels(OURS);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const authorised = async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID: OURS }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'authorized', 'precondition: authorised by our order');
      return reference;
    };
    /** The platform's feedback about the other order held under our ORDERID: 50.00, PAYID OTHER. */
    const otherOrdersFeedback = async (reference: string, status: number) => {
      assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID: OTHER, amount: '50.00' }))).status, 200);
      const flagged = (await app.t.repository.getTransaction(reference))!;
      assert.equal(flagged.amountMismatch, true, 'precondition: the feedback is read as a mismatch');
      return flagged;
    };

    it('the mismatching feedback leaves the PAYID of the order that holds our money', async () => {
      const reference = await authorised();
      const flagged = await otherOrdersFeedback(reference, 5);
      assert.equal(
        flagged.payid,
        OURS,
        `a feedback about an order of 50.00 (never ours, never paid) replaced our payment's PAYID ${OURS} with ${flagged.payid}`,
      );
    });

    it('a capture after it goes to our order, never to the mismatching one', async () => {
      const reference = await authorised();
      await otherOrdersFeedback(reference, 5);
      platform.maintenance.length = 0;
      await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      const sentTo = platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT} on PAYID ${form.PAYID}`);
      assert.ok(
        sentTo.every((call) => !call.endsWith(OTHER)),
        `the capture of our 19.99 was sent to the other order: ${JSON.stringify(sentTo)}`,
      );
    });

    it('a refund after it goes to our order, never to the mismatching one', async () => {
      const reference = await authorised();
      const captured = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(captured.status, 200, `precondition: captured on our order: ${await captured.clone().text()}`);
      await otherOrdersFeedback(reference, 9);
      platform.maintenance.length = 0;
      await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
      const sentTo = platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT} on PAYID ${form.PAYID}`);
      assert.ok(
        sentTo.every((call) => !call.endsWith(OTHER)),
        `the refund of 5.00 was sent to the other order (50.00, never ours): ${JSON.stringify(sentTo)}`,
      );
    });
  });
}
