/**
 * A refund refused without a level, and the next refund's placement by the sync
 * (maintenance/sync.ts operationUpdates).
 *
 * Refund A, 5.00: uncertain (NCSTATUS 2, STATUS 82, no PAYIDSUB, [DL] §4.3); the platform's level
 * is then refused (83), and A's status-change feedback (83, no PAYIDSUB, [ADV] §9.2.3.1) settles A
 * failed — A holds no level. Refund B, 5.00: uncertain the same way; the platform carries it out (8).
 *
 * - Review r650: the sync read A's 83, "none of ours holds", as the first free level of B's amount:
 *   B failed and its amount released while the platform refunded it. A refusal without a level is
 *   now placed on the free level of its STATUS and amount before the open ones.
 * - Review r670: with a back office's refusal of the same amount beside A's (83, never recorded,
 *   since only done levels are), which 83 is A's the levels cannot say, and B, placed on the other,
 *   was failed the same way. B now stays open — its 5.00 reserved, never refunded twice — until a
 *   level settles it or the maximum age flags the payment.
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
  describe(`a refund refused without a level, then another refund (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Every refund: its level is made (82, uncertain), and the answer is uncertain without PAYIDSUB.
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

    /**
     * 19.99 captured; `backOfficeRefusal`: a refund of 5.00 tried in the back office and refused
     * first (its own level, 83); refund A refused on the next level, B done on the one after.
     * Answers B's operation as the sync left it.
     */
    async function refusedThenDone(backOfficeRefusal: boolean) {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1999, 'precondition: captured 19.99');
      if (backOfficeRefusal) {
        platform.backOffice({ status: '83', amount: '5.00' });
        platform.orderSays('9');
      }
      const first = backOfficeRefusal ? 2 : 1;

      const a = await api('/refund', { json: { amount: 500 } });
      assert.equal(a.status, 202, await a.clone().text());
      platform.levelSays(first, '83');
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, NCERROR: '30001001' }))).status, 200);
      const [refundA] = await refunds();
      assert.deepEqual(
        [refundA!.status, refundA!.ogoneStatus, refundA!.payidSub],
        ['failed', 83, null],
        'precondition: refund A refused by its feedback, holding no level',
      );

      const b = await api('/refund', { json: { amount: 500 } });
      assert.equal(b.status, 202, await b.clone().text());
      const refundB = (await refunds()).find((op) => op.id !== refundA!.id)!;
      assert.deepEqual([refundB.status, refundB.payidSub], ['pending', null], 'precondition: refund B uncertain, no PAYIDSUB');
      platform.levelSays(first + 1, '8');

      // The reconciler's sync (or the dashboard's button).
      assert.equal((await api('/sync')).status, 200);
      return (await refunds()).find((op) => op.id === refundB.id)!;
    }

    it('B, done on the level after A’s 83, is settled done (review r650)', async () => {
      const after = await refusedThenDone(false);
      const payment = await stored();
      assert.deepEqual(
        [after.status, after.payidSub],
        ['done', 2],
        `level 2 says 8: the platform refunded B's 5.00; the sync placed B on level ${after.payidSub}`,
      );
      assert.deepEqual(
        [payment.state, payment.refundedAmount],
        ['partially_refunded', 500],
        `the platform refunded 5.00 of 19.99; the ledger says ${payment.state} ${payment.refundedAmount}`,
      );
    });

    it('beside a back office’s refusal of the same amount, B is not failed and its 5.00 stays reserved (review r670)', async () => {
      const after = await refusedThenDone(true);
      assert.notEqual(after.status, 'failed', `the platform refunded B's 5.00 (level 3); B was failed on level ${after.payidSub}'s 83`);
      // Its 5.00 stays reserved: the merchant cannot refund everything again beside it.
      const again = await api('/refund', { json: { amount: 1999 } });
      assert.equal(again.status, 400, await again.clone().text());
      assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'amount_too_large');
      assert.ok((await stored()).refundedAmount <= 500, 'never counted twice');
    });
  });
}
