/**
 * Found by review r320. A 94 feedback without PAYIDSUB (a SHA-OUT list without it) takes back the
 * one done refund (the rule without a level, feedback/with-operations.ts; docs/ogone-protocol.md
 * §6). The merchant refunds again, and the platform gives that refund. A copy of the first 94
 * then arrives (the platform's deferred retry, a replayed URL): the rule did not weigh that it was
 * a copy, and it took back the new refund too — the merchant saw nothing refunded and might have
 * refunded again; a sync then counted the order's whole 19.99 as refunded.
 *
 * Found by review r330, of the fix: the acquirer's reversal of that new refund is a second 94
 * about the order with the very same parameters, so it too reads as a copy, and dropped, the 3.00
 * the platform took back stayed counted with nothing to ask again. Such a feedback now changes
 * no money and hands the payment to the reconciler, whose query tells which it was.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a copy of a 94 without a level after a new refund (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const money = async () => {
      const t = await stored();
      return [t.state, t.capturedAmount, t.refundedAmount];
    };
    const refunds = async () =>
      (await app.t.repository.listOperations(reference))
        .filter((op) => op.kind === 'refund')
        .map((op) => [op.payidSub, op.amount, op.status, op.ogoneStatus]);
    const api = async (path: string, json?: unknown) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...(json ? { json } : {}) });
      assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
    };

    /** 19.99 captured; 2.00 refunded, then reversed by a 94 without PAYIDSUB; 3.00 refunded since; the 94's copy. */
    const copyAfterNewRefund = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      await api('/capture', {});
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      platform.levels[1]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
      const reversal = feedbackFor(reference, 94, { PAYID });
      assert.equal((await app.feedback(reversal)).status, 200);
      assert.deepEqual(await money(), ['captured', 1999, 0], 'precondition: the 2.00 taken back');
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the 3.00 given back');
      app.t.clock.advance(60_000);
      assert.equal((await app.feedback(reversal)).status, 200);
    };

    it("the copy takes back nothing the platform gave since, nor does the reconciler's query", async () => {
      await copyAfterNewRefund();
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.equal((await stored()).lastStatus, 8, 'the copy records no STATUS of its own');
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
    });

    it("the new refund's own reversal, the same 94 again: the reconciler's query takes it back", async () => {
      await copyAfterNewRefund();
      // That second 94 was the acquirer reversing the 3.00: level 3 is 94, and so is the order.
      platform.levels[2]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it("after the copy, a sync counts what the levels say: 3.00, not the order's 19.99", async () => {
      await copyAfterNewRefund();
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
    });
  });
}
