/**
 * A refund refused without a level (uncertain answer without PAYIDSUB, then its refusal's 83
 * feedback, without PAYIDSUB either) is placed on the free level of its STATUS and amount. When an
 * earlier refusal of the same amount that is none of ours sits beside it (a refund tried in the
 * back office and refused by the acquirer: 83, never recorded, since only done levels are), which
 * 83 is ours the levels cannot say. The next uncertain refund B, done by the platform (8), was then
 * placed on an 83, failed, and its amount released while the platform refunded it (review r670):
 * with a refusal and a level that is not one both possibly its own, B stays open — its amount
 * reserved, never refunded twice — until a level settles it or the maximum age flags the payment.
 *
 * Levels: 1 the back office's 5.00 refund, refused (83); 2 refund A's 5.00, refused (83); 3 refund
 * B's 5.00, done (8).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund placed on its own refused level, not a back-office refusal's (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => {
      level.status = '82';
      platform.orderSays('82');
      return uncertainWithoutLevel(platform.answer('82', payIdSub, level.amount), '82');
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const refunds = async () => (await app.t.repository.listOperations(reference)).filter((op) => op.kind === 'refund');
    const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });

    it('refund B, done on level 3, is not failed with refund A’s 83 of level 2', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1999, 'precondition: captured 19.99');

      // The merchant tries a 5.00 refund in the back office; the acquirer refuses it (level 1: 83).
      platform.backOffice({ status: '83', amount: '5.00' });
      platform.orderSays('9');

      // Refund A, 5.00: uncertain, no PAYIDSUB (level 2); refused (83), its feedback settles it.
      const a = await api('/refund', { json: { amount: 500 } });
      assert.equal(a.status, 202, await a.clone().text());
      platform.levelSays(2, '83');
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, NCERROR: '30001001' }))).status, 200);
      const [refundA] = await refunds();
      assert.deepEqual(
        [refundA!.status, refundA!.ogoneStatus, refundA!.payidSub],
        ['failed', 83, null],
        'precondition: A refused, no level',
      );

      // Refund B, 5.00: uncertain, no PAYIDSUB; the platform carries it out (level 3: 8).
      const b = await api('/refund', { json: { amount: 500 } });
      assert.equal(b.status, 202, await b.clone().text());
      const refundB = (await refunds()).find((op) => op.id !== refundA!.id)!;
      assert.deepEqual([refundB.status, refundB.payidSub], ['pending', null], 'precondition: B uncertain, no PAYIDSUB');
      platform.levelSays(3, '8');

      assert.equal((await api('/sync')).status, 200);
      const after = (await refunds()).find((op) => op.id === refundB.id)!;
      assert.notEqual(after.status, 'failed', `the platform refunded B's 5.00 (level 3); B was failed on level ${after.payidSub}'s 83`);
      // Its 5.00 stays reserved: the merchant cannot refund everything again beside it.
      const again = await api('/refund', { json: { amount: 1999 } });
      assert.equal(again.status, 400, await again.clone().text());
      assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'amount_too_large');
      const payment = await stored();
      assert.ok(payment.refundedAmount <= 500, `the ledger says ${payment.refundedAmount} refunded`);
    });
  });
}
