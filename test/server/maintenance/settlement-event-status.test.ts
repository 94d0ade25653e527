/**
 * Found by review r1606 (2026-12-07), now fixed.
 * The fix: maintenance/operations.ts applyMaintenanceAnswer and feedback/with-operations.ts build the settlement events from the payment as written, its STATUS included.
 *
 * What is wrong: server/maintenance/operations.ts `applyMaintenanceAnswer` builds the settlement
 * events (`settlementEvents(settlement.after, …)`) from the payment before the answer's STATUS is
 * added to the patch (`Object.assign(patch, { lastStatus: answer.status })` comes after
 * `settle`). So the `payment.captured` of a capture made through
 * `POST /api/transactions/:reference/capture` carries `status: 5` / `statusMeaning: "Authorised"`
 * while the payment is stored — and `GET /api/transactions/:reference` and the capture's own answer
 * show it — at STATUS 9 "Payment requested"; the `payment.refunded` of an API refund carries the
 * capture's 9 where the payment says 8 "Refund".
 *
 * Why it matters: README "Webhooks and how to verify them": "A payment's events carry its view as
 * `GET /api/transactions/:reference` has it". docs/ogone-protocol.md §6 (STATUS codes: 5
 * Authorised, 9 Payment requested → captured, 8 Refund) and §8 (a maintenance answer's STATUS)
 * make `status` what an Ogone integrator ships on; a
 * handler checking `event.data.status === 9` for a payment.captured never ships an order captured
 * through the API (the same event by the feedback says 9), and one keeping the newest view per
 * payment stores a status the platform no longer has.
 *
 * Expectation: the `status` and `statusMeaning` of payment.captured / payment.refunded written
 * by an API capture / refund are those of the payment as stored by the same write.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

interface View {
  status: number | null;
  statusMeaning: string | null;
  state: string;
}

for (const kind of DATABASE_KINDS)
  describe(`the STATUS in the events of an API capture and refund (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const payment = async (reference: string) => (await (await app.t.api(`/api/transactions/${reference}`)).json()) as View;
    const eventData = async (reference: string, type: string) => {
      const listed = (await (await app.t.api(`/api/events?reference=${reference}&type=${type}`)).json()) as { data: Array<{ data: View }> };
      assert.equal(listed.data.length, 1, `one ${type} for ${reference}`);
      return listed.data[0]!.data;
    };

    it('is the payment’s STATUS as stored by the capture / the refund', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

      app.t.clock.advance(60_000);
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, await capture.clone().text());
      const captured = await payment(reference);
      assert.equal(captured.state, 'captured');
      const capturedEvent = await eventData(reference, 'payment.captured');
      assert.deepEqual(
        { status: capturedEvent.status, statusMeaning: capturedEvent.statusMeaning },
        { status: captured.status, statusMeaning: captured.statusMeaning },
        `payment.captured says STATUS ${capturedEvent.status} (${capturedEvent.statusMeaning}); GET /api/transactions says ${captured.status} (${captured.statusMeaning})`,
      );

      app.t.clock.advance(60_000);
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
      assert.equal(refund.status, 200, await refund.clone().text());
      const refunded = await payment(reference);
      const refundedEvent = await eventData(reference, 'payment.refunded');
      assert.deepEqual(
        { status: refundedEvent.status, statusMeaning: refundedEvent.statusMeaning },
        { status: refunded.status, statusMeaning: refunded.statusMeaning },
        `payment.refunded says STATUS ${refundedEvent.status} (${refundedEvent.statusMeaning}); GET /api/transactions says ${refunded.status} (${refunded.statusMeaning})`,
      );
    });
  });
