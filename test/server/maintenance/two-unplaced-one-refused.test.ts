/**
 * The rule of review r670 (maintenance/sync.ts operationUpdates) as first written: an open
 * operation whose candidate level is a refusal stayed open when another free level of its kind and
 * amount was not a refusal (review r690). With TWO of our operations both without a level — the ordinary case of two uncertain
 * answers without PAYIDSUB ([DL] §4.3) whose feedbacks were not received — the other level is the
 * other operation's own: each skips the refusal for the other's level, neither is ever placed, and
 * both stay open for good. The money the platform moved is never counted, the refused one's amount
 * stays reserved, and the payment is queried every round until the maximum age flags it. Placed
 * oldest operation to oldest level (as before r670), A takes level 1 (its refusal) and B level 2.
 *
 * Levels: 1 ours A (5.00) refused; 2 ours B (5.00) done, or still processing.
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
  describe(`two uncertain operations without PAYIDSUB, one refused (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Every maintenance call: its level is made, in flight, and answered uncertain without PAYIDSUB.
    platform.maintenanceAnswer = (level, payIdSub) => {
      level.status = level.status === '9' ? '91' : '81';
      platform.orderSays(level.status);
      return uncertainWithoutLevel(platform.answer(level.status, payIdSub, level.amount), level.status === '91' ? '92' : '82');
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const ops = async (k: string) =>
      (await app.t.repository.listOperations(reference)).filter((op) => op.kind === k).map((op) => [op.payidSub, op.status]);
    const api = (path: string, json?: unknown) =>
      app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...(json ? { json } : {}) });
    const ok = async (path: string, json?: unknown) => {
      const response = await api(path, json);
      assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
    };

    const twoUncertainRefunds = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1999, 'precondition: captured 19.99');
      await ok('/refund', { amount: 500 }); // A: level 1
      await ok('/refund', { amount: 500 }); // B: level 2
      assert.deepEqual(
        await ops('refund'),
        [
          [null, 'pending'],
          [null, 'pending'],
        ],
        'precondition: both uncertain, no PAYIDSUB',
      );
    };

    it('refund A refused (83), refund B done (8): the sync settles both', async () => {
      await twoUncertainRefunds();
      platform.levelSays(1, '83');
      platform.levelSays(2, '8');
      await ok('/sync');
      await ok('/sync');
      assert.deepEqual(
        await ops('refund'),
        [
          [1, 'failed'],
          [2, 'done'],
        ],
        'level 1 is A’s refusal, level 2 B’s refund: both left open, each for the other’s level',
      );
      const payment = await stored();
      assert.deepEqual([payment.state, payment.refundedAmount], ['partially_refunded', 500], 'the platform refunded 5.00');
      // The 5.00 refused is not reserved any more: the merchant may refund the 14.99 left.
      const rest = await api('/refund', { amount: 1499 });
      assert.ok(rest.status < 300, `refund of the 14.99 left: ${rest.status} ${await rest.clone().text()}`);
    });

    it('refund A refused (83), refund B still processing (81), then done (8): B is settled', async () => {
      await twoUncertainRefunds();
      platform.levelSays(1, '83');
      platform.levelSays(2, '81');
      await ok('/sync');
      platform.levelSays(2, '8');
      await ok('/sync');
      assert.deepEqual(await ops('refund'), [
        [1, 'failed'],
        [2, 'done'],
      ]);
      assert.equal((await stored()).refundedAmount, 500, 'the platform refunded 5.00');
    });

    it('capture A refused (93), capture B done (9): the sync settles both', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      await ok('/capture', { amount: 500 }); // A: level 1
      await ok('/capture', { amount: 500 }); // B: level 2
      assert.deepEqual(
        await ops('capture'),
        [
          [null, 'pending'],
          [null, 'pending'],
        ],
        'precondition: both uncertain, no PAYIDSUB',
      );
      platform.levelSays(1, '93');
      platform.levelSays(2, '9');
      await ok('/sync');
      await ok('/sync');
      assert.deepEqual(
        await ops('capture'),
        [
          [1, 'failed'],
          [2, 'done'],
        ],
        'level 1 is A’s refusal, level 2 B’s capture',
      );
      assert.equal((await stored()).capturedAmount, 500, 'the platform captured 5.00');
    });
  });
}
