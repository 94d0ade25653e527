/**
 * A refund refused offline (81, then 83 on its history level) is settled as failed by
 * a sync, which read its level. The merchant then refunds again (81, processing). The platform's
 * status-change feedback for the first refund's refusal arrives only now: STATUS 83, the order's
 * AMOUNT, no PAYIDSUB — the feedback parameters the e-Commerce guide lists ([ADV] §9.2.3.1) do not
 * include it. With the first refund already `failed`, the second is "the one operation of its kind
 * not failed" (domain/ledger.ts updatesFromOverallStatus), and the first refund's late 83 fails it:
 * its 5.00 is released while the platform is still refunding it. Nothing queries it again (83 is
 * final, nothing open), so once its level goes to 8 the ledger never counts it as ours — the order's
 * refund STATUS is then read as a back-office refund of the order's whole AMOUNT (19.99); and a
 * merchant who sees B failed may refund again beside the one still in flight (refunded twice).
 *
 * The fake platform keeps the order's history levels as the DirectLink guide shows them (§5.1.2,
 * §5.2): a query by PAYID answers the order's STATUS, its last PAYIDSUB and the order amount; by
 * PAYIDSUB, that level with its own amount.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refusal's late feedback after a query settled it (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Refunds are processed offline: each level says 81 until the test settles it, and so does the order.
    platform.maintenanceAnswer = (level, payIdSub) => {
      level.status = '81';
      platform.orderSays('81');
      return platform.answer('81', payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const api = async (path: string, init: RequestInit & { json?: unknown } = {}) =>
      app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const refunds = async () => (await app.t.repository.listOperations(reference)).filter((op) => op.kind === 'refund');

    it("the first refund's late 83 (no PAYIDSUB) does not fail the second refund, still processing", async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1999, 'precondition: captured 19.99');

      // Refund A, 5.00: level 1, processing; the acquirer refuses it (83).
      assert.equal((await api('/refund', { json: { amount: 500 } })).status, 202);
      platform.levelSays(1, '83');
      // A sync (the reconciler's round, or the dashboard's button) reads level 1: A failed.
      assert.equal((await api('/sync')).status, 200);
      const [a] = await refunds();
      assert.deepEqual([a!.status, a!.ogoneStatus], ['failed', 83], 'precondition: refund A settled as refused by its level');

      // Refund B, 5.00: level 2, processing (81).
      assert.equal((await api('/refund', { json: { amount: 500 } })).status, 202);
      // A's status-change feedback, late (deferred, or retried by the platform): 83, the order's
      // AMOUNT, no PAYIDSUB.
      assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, NCERROR: '30001001' }))).status, 200);

      const b = (await refunds()).find((op) => op.payidSub === 2)!;
      assert.notEqual(
        b.status,
        'failed',
        "refund B's level 2 still says 81 (processing): the late 83 was refund A's, already settled, yet it failed B and released its 5.00",
      );

      // The platform carries B out; its status-change feedback (8, the order's AMOUNT) and a sync follow.
      platform.levelSays(2, '8');
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      assert.equal((await api('/sync')).status, 200);
      const after = await stored();
      assert.deepEqual(
        [after.state, after.refundedAmount],
        ['partially_refunded', 500],
        `the platform refunded 5.00 (level 2) of 19.99; the ledger says ${after.state} ${after.refundedAmount}`,
      );
    });
  });
}
