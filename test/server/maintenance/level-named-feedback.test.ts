/**
 * Found by review r201. A refund refused at the platform (83) is reported by a status-change
 * feedback that arrives late — its first copy — naming the refused refund's own history level
 * (PAYIDSUB, signed: on the SHA-OUT list). The ledger read it as the payment's overall STATUS
 * (domain/ledger.ts updatesFromOverallStatus): EVERY pending refund became `failed`, also the
 * second one, still being processed by the platform. Its amount was released, and the merchant's
 * next refund of that amount was sent: the customer refunded twice once that level went through.
 * Without a PAYIDSUB, a refusal with two refunds open says nothing of which: both stay open for
 * the query by level.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a late refusal of one refund while another is processing (${kind})`, () => {
    let reference = '';
    let subs = 0;
    const refundsSent: string[] = [];
    const app = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      subs += 1;
      if (form.OPERATION?.startsWith('RF')) refundsSent.push(`${form.OPERATION} ${form.AMOUNT}`);
      return platformAnswer({
        orderID: reference,
        PAYID,
        PAYIDSUB: String(subs),
        // the capture is done at once; each refund is processed offline (81)
        STATUS: form.OPERATION?.startsWith('SA') ? '9' : '81',
        amount: String(Number(form.AMOUNT) / 100),
      });
    });

    const refunds = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      subs = 0;
      refundsSent.length = 0;
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, await capture.clone().text());
      // Level 2: 10.00, level 3: 9.99, both processing (81).
      for (const amount of [1000, 999]) {
        const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount } });
        assert.equal(refund.status, 202, await refund.clone().text());
      }
    };
    const statuses = async () =>
      (await app.t.repository.listOperations(reference)).filter((op) => op.kind === 'refund').map((op) => [op.payidSub, op.status]);

    it('the 83 naming level 2 fails that refund only; the one on level 3 keeps its amount reserved', async () => {
      await refunds();
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await statuses(), [
        [2, 'failed'],
        [3, 'pending'],
      ]);
      // No refund over the 9.99 still being refunded: the ledger keeps it reserved (400). The
      // refusal named its level, so nothing is in doubt: the payment is not left to a query
      // (`awaitsQuery`, which refuses every operation with 409 until one reads the levels); the
      // 9.99 still processing is asked about as any pending refund is (`syncNeeded`).
      const payment = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([payment.awaitsQuery === true, payment.syncNeeded], [false, true]);
      const again = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1001 } });
      assert.equal(again.status, 400, await again.clone().text());
      assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'amount_too_large');
      const within = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(within.status, 202, await within.clone().text());
      assert.deepEqual(refundsSent, ['RFD 1000', 'RFD 999', 'RFD 1000'], 'no refund sent over the one still processing');
    });

    it('an 83 without a PAYIDSUB while two refunds are open fails neither', async () => {
      await refunds();
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID }))).status, 200);
      assert.deepEqual(await statuses(), [
        [2, 'pending'],
        [3, 'pending'],
      ]);
      assert.equal((await app.t.repository.getTransaction(reference))?.syncNeeded, true, 'the query by level tells each one');
    });
  });
}
