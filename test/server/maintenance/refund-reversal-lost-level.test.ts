/**
 * Found by review r280, of the first version of "a 94 / 96 naming its level undoes only that
 * level's refund" (feedback/with-operations.ts namedReversal; docs/ogone-protocol.md §6). That
 * version left a 94 naming a level no refund operation holds to the reconciler's query; the query
 * counts only what the levels say is done, and a later query's 94 equal to the recorded STATUS is
 * not a new reversal — so the reversal was lost for good:
 * - a back-office refund of 2.00, counted from its level by a sync (no operation: we made no
 *   refund), then declined by the acquirer: 2.00 stayed refunded;
 * - our refund of 2.00 settled by a feedback without PAYIDSUB (placed on no level), then declined:
 *   the same.
 * And a named reversal kept an unresolved last STATUS (81, a third refund pending) over its 94;
 * once that refund's 8 replaced the 81, the query's 94 was read as a new reversal and took back
 * the refunds the platform did give back.
 *
 * Found by review r290, of the fix for the last: a query's 94 counted as explained by any refund
 * failed with 94 — also one refused with 94 while pending, never done, older than the refund the
 * acquirer now reversed (its feedback lost): that reversal was not applied.
 *
 * Found by review r300, of the fix for the last: weighing every done refund's time, a back-office
 * refund made before a named reversal but found by a sync after it (its operation dated then)
 * looked newer, and a second sync reading the same 94 took back every refund the platform gave
 * back.
 *
 * Found by review r310, of the fix for the last: a pending refund refused with 94 but learnt only
 * after a later refund was done (a sync's query of its level, its feedback retried late) was dated
 * by when we learnt it, so it looked newer than that refund; when the acquirer then reversed the
 * later refund, its feedback lost, the query's 94 was read as explained and the 3.00 stayed
 * counted as refunded. Only a reversal (a refund done, then taken back) explains a query now.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { capturedByUs, refundProbe } from './refund-probe.ts';
import { historyLevels, reconcilerRounds, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a 94 whose reversal a query alone cannot place (${kind})`, () => {
    let reference = '';
    /** Answers our refunds 82 without PAYIDSUB while set (a refund of ours placed on no level). */
    let unplaced = false;
    /** Answers our next refund 81 (still pending) while set. */
    let pendingNext = false;
    /** Answers our next refund 94 (refused) while set, its level 94. */
    let refusedNext = false;
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (refusedNext) {
        level.status = '94';
        return platform.answer('94', payIdSub, level.amount);
      }
      if (unplaced && level.status === '8') return uncertainWithoutLevel(platform.answer('82', payIdSub, level.amount), '82');
      return pendingNext ? platform.answer('81', payIdSub, level.amount) : platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { stored, money, refunds, api } = refundProbe(app, () => reference);
    /** 19.99 authorised, then captured by us (level 1). */
    const captured = async () => {
      reference = await capturedByUs(app, platform, PAYID);
    };
    /** The acquirer declines the refund on `level` (1-based): 94 there, and the order's STATUS 94. */
    const declined = (level: number) => {
      platform.levels[level - 1]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
    };

    it('a back-office refund counted from its level, then declined: no longer refunded', async () => {
      await captured();
      platform.backOffice({ status: '8', amount: '2.00' });
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition: the back-office refund is counted');
      assert.deepEqual(await refunds(), [], 'precondition: no refund operation recorded');
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it('our refund placed on no level, then declined: undone', async () => {
      await captured();
      unplaced = true;
      try {
        await api('/refund', { amount: 200 });
      } finally {
        unplaced = false;
      }
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      assert.deepEqual(await refunds(), [[null, 200, 'done', 8]], 'precondition: our refund done, on no level');
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
      assert.deepEqual(await refunds(), [[null, 200, 'failed', 94]]);
    });

    it('a named 94 over a pending refund: the query that follows undoes nothing more', async () => {
      await captured();
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      pendingNext = true;
      try {
        await api('/refund', { amount: 100 });
      } finally {
        pendingNext = false;
      }
      assert.equal((await stored()).lastStatus, 81, 'precondition: the third refund pending');
      app.t.clock.advance(60_000);
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the 2.00 undone');
      // The third refund's own feedback, then a sync reading the order's STATUS, the 94 applied.
      app.t.clock.advance(60_000);
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '4' }))).status, 200);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 400]);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
        [4, 100, 'done', 8],
      ]);
    });

    it('a refund refused with 94 while pending, a later one reversed: the query undoes the later one', async () => {
      await captured();
      pendingNext = true;
      try {
        await api('/refund', { amount: 200 });
      } finally {
        pendingNext = false;
      }
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await refunds(), [[2, 200, 'failed', 94]], 'precondition: refused, never done');
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the later refund done');
      // The acquirer declines it; its feedback is lost: only a sync's query tells.
      declined(3);
      await api('/sync');
      assert.deepEqual(await money(), ['captured', 1999, 0], 'the 3.00 is back with the merchant');
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'failed', 94],
      ]);
    });

    it("a refund refused by its own answer's 94, a later one reversed: the query undoes the later one", async () => {
      await captured();
      refusedNext = true;
      try {
        await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      } finally {
        refusedNext = false;
      }
      assert.deepEqual(await refunds(), [[2, 200, 'failed', 94]], 'precondition: refused by its answer');
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the later refund done');
      declined(3);
      await api('/sync');
      assert.deepEqual(await money(), ['captured', 1999, 0], 'the 3.00 is back with the merchant');
    });

    for (const learnt of ['late feedback', 'sync'] as const) {
      it(`a pending refund's 94 learnt by ${learnt} after a later refund, then that one reversed: the query undoes it`, async () => {
        await captured();
        pendingNext = true;
        try {
          await api('/refund', { amount: 200 });
        } finally {
          pendingNext = false;
        }
        // The acquirer refuses the 2.00 at once; we do not hear of it yet.
        platform.levels[1]!.status = '94';
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 300 });
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the later refund done');
        app.t.clock.advance(60_000);
        if (learnt === 'sync') await api('/sync');
        else assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        assert.deepEqual(
          await refunds(),
          [
            [2, 200, 'failed', 94],
            [3, 300, 'done', 8],
          ],
          'precondition: the 2.00 refused, the 3.00 still counted',
        );
        // The acquirer reverses the 3.00; its feedback is lost: only a sync's query tells.
        app.t.clock.advance(60_000);
        declined(3);
        await api('/sync');
        assert.deepEqual(await money(), ['captured', 1999, 0], 'the 3.00 is back with the merchant');
        assert.deepEqual(await refunds(), [
          [2, 200, 'failed', 94],
          [3, 300, 'failed', 94],
        ]);
      });
    }

    it('a back-office refund found after a named reversal: the same 94 read twice undoes nothing more', async () => {
      await captured();
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      // The back office refunds 1.00 (level 4); its feedback is lost.
      app.t.clock.advance(10_000);
      platform.backOffice({ status: '8', amount: '1.00' });
      // The acquirer declines our 2.00: the named feedback undoes it only.
      app.t.clock.advance(60_000);
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the 2.00 undone');
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 400], "precondition: the back office's 1.00 counted");
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
        [4, 100, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 400], 'the 3.00 and the 1.00 were given back');
    });
  });
}
