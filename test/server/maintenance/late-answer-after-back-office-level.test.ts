/**
 * Found by review r200. A refund of ours released by a sync as never sent (abandoned `sending`, no level after the
 * grace period) whose stalled request then reaches the platform. A sync run while its answer is on
 * the way records its level as the back office's (back-office:<PAYIDSUB>); the late answer is then
 * written over the release (operations.ts applyMaintenanceAnswer, releasedUnanswered) and settles
 * the same level a second time: the platform gave back 8.00, our ledger says 11.00.
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
  describe(`a late answer of a released operation after a back-office record (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as Record<string, unknown>;
      return { status: response.status, body };
    };
    const refund = (amount: number) =>
      api('/refund', { body: JSON.stringify({ amount }), headers: { 'content-type': 'application/json' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;

    it('the level a late answer of ours settles is not also counted as the back office', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      // Our first refund, 5.00: level 1, done.
      assert.equal((await refund(500)).status, 200);

      // Our second refund, 3.00: its request stalls before its call leaves.
      const held = platform.stallNext();
      const late = refund(300);
      await held.entered.opened;

      // Past SENDING_ABANDONED_MS and the grace period: a sync finds no level of it and releases it.
      app.t.clock.advance(11 * 60_000);
      assert.equal((await api('/sync')).status, 200);
      const released = (await app.t.repository.listOperations(reference)).find((op) => op.amount === 300)!;
      assert.equal(released.status, 'failed', 'precondition: released as never sent');

      // The stalled call reaches the platform (level 2, 3.00); its answer is still on the way.
      held.reach.open();
      await held.reached.opened;
      // A sync meanwhile (the reconciler, the merchant) reads level 2, held by none of ours.
      assert.equal((await api('/sync')).status, 200);

      // The answer arrives and is written over the release.
      held.answer.open();
      await late;

      const after = await stored();
      const ops = await app.t.repository.listOperations(reference);
      assert.equal(
        after.refundedAmount,
        800,
        `the platform refunded 5.00 + 3.00 once each; our ledger says ${after.refundedAmount} refunded — operations ${JSON.stringify(
          ops.map((op) => [op.kind, op.amount, op.status, op.payidSub, op.idempotencyKey]),
        )}`,
      );
      assert.equal(ops.filter((op) => op.payidSub === 2 && op.status === 'done').length, 1, 'level 2 is settled by one operation only');
    });

    it('a late capture answer after a back-office record: never more captured than authorised', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

      // Our first capture, 10.00 (SAL): level 1, done.
      const capture = (amount: number) =>
        api('/capture', { body: JSON.stringify({ amount }), headers: { 'content-type': 'application/json' } });
      assert.equal((await capture(1000)).status, 200);

      // Our second capture, 9.99 (the rest, SAS): its request stalls before its call leaves.
      const held = platform.stallNext();
      const late = capture(999);
      await held.entered.opened;
      app.t.clock.advance(11 * 60_000);
      assert.equal((await api('/sync')).status, 200);
      assert.equal((await app.t.repository.listOperations(reference)).find((op) => op.amount === 999)!.status, 'failed');

      held.reach.open();
      await held.reached.opened;
      assert.equal((await api('/sync')).status, 200);
      held.answer.open();
      await late;

      const after = await stored();
      assert.ok(
        after.capturedAmount <= after.amount,
        `authorised 19.99, the platform captured 10.00 + 9.99; our ledger says ${after.capturedAmount} captured`,
      );
    });
  });
}
