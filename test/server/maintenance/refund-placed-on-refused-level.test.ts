/**
 * A refund answered uncertain without PAYIDSUB is placed by the sync on the history level of
 * an earlier refund that was refused (and settled failed by its feedback, which carries no PAYIDSUB
 * either): that level is "none of ours holds" (maintenance/sync.ts operationUpdates, untiedLevels),
 * so the first free refund level of the same amount — the refused one's 83 — is taken for the new
 * refund's. The new refund is marked failed and its amount released while the platform refunded it.
 *
 * Refund A, 5.00: uncertain (NCSTATUS 2, STATUS 82, no PAYIDSUB, [DL] §4.3); the platform's level 1
 * is then refused (83), and A's status-change feedback (83, no PAYIDSUB, [ADV] §9.2.3.1) settles A
 * failed — A holds no level. Refund B, 5.00: uncertain the same way; the platform carries it out
 * (level 2: 8). The sync reads levels 1 and 2, neither tied to an operation of ours, and gives B
 * level 1 — the 83 — instead of level 2.
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
  describe(`a refund placed on an earlier refused refund's level (${kind})`, () => {
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

    it('the second refund, done on level 2, is not settled failed with the first refund’s 83 of level 1', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1999, 'precondition: captured 19.99');

      // Refund A, 5.00: uncertain, no PAYIDSUB; the acquirer refuses it (level 1: 83), and its
      // feedback (83, no PAYIDSUB) settles it failed.
      const a = await api('/refund', { json: { amount: 500 } });
      assert.equal(a.status, 202, await a.clone().text());
      platform.levelSays(1, '83');
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, NCERROR: '30001001' }))).status, 200);
      const [refundA] = await refunds();
      assert.deepEqual(
        [refundA!.status, refundA!.ogoneStatus, refundA!.payidSub],
        ['failed', 83, null],
        'precondition: refund A refused by its feedback, holding no level',
      );

      // Refund B, 5.00: uncertain, no PAYIDSUB; the platform carries it out (level 2: 8).
      const b = await api('/refund', { json: { amount: 500 } });
      assert.equal(b.status, 202, await b.clone().text());
      const refundB = (await refunds()).find((op) => op.id !== refundA!.id)!;
      assert.deepEqual([refundB.status, refundB.payidSub], ['pending', null], 'precondition: refund B uncertain, no PAYIDSUB');
      platform.levelSays(2, '8');

      // The reconciler's sync (or the dashboard's button).
      assert.equal((await api('/sync')).status, 200);
      const after = (await refunds()).find((op) => op.id === refundB.id)!;
      const payment = await stored();
      assert.notEqual(
        after.status,
        'failed',
        `level 2 says 8: the platform refunded B's 5.00; the sync read level 1 (A's 83) as B's and failed it (payidSub ${after.payidSub}), releasing its amount`,
      );
      assert.deepEqual(
        [payment.state, payment.refundedAmount],
        ['partially_refunded', 500],
        `the platform refunded 5.00 of 19.99; the ledger says ${payment.state} ${payment.refundedAmount}`,
      );
    });
  });
}
