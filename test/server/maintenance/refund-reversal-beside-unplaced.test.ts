/**
 * The query reads the history levels none of our operations holds for refund reversals
 * (maintenance/sync.ts takenBackRefunds; docs/ogone-protocol.md §6). Found by review r370:
 * - a refund of ours refused at once (94 on its own new level) while its DirectLink call was still
 *   under way: a sync in that window read the level as a reversal of its own and took back an
 *   earlier refund of the same amount, which the platform gave. Such levels now wait for it;
 * - a refund whose answer was lost, placed on its level by the same query that reads a reversal of
 *   it on a level of its own: only refunds done before that query were matched, and the reversal
 *   was recorded as read, so the refund stayed counted for good;
 * - a reversal level answered without AMOUNT: nothing says whose it is, yet it explained the
 *   order's 94, and the reversal was lost. The rule without a level applies instead.
 * Found by review r380: a refund of ours refused by an answer without PAYIDSUB, or done without a
 * level (settled by the order's overall 8), holds a level none of our operations holds; read as a
 * reversal of its own, the refusal took back an earlier refund the platform gave, and the done
 * refund's own 94 was recorded as the back office's and never undone.
 * Found by review r390: beside such a refund, or a reversal level without AMOUNT, an old reversal's
 * level still saying 94 was read as accounting for the order's 94, and a new reversal was lost;
 * and a feedback left to the query beside a refund refused without PAYIDSUB was lost the same way.
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
  describe(`refund reversals beside refunds not yet placed on their level (${kind})`, () => {
    let reference = '';
    let uncertain = false;
    let uncertainStatus = '8';
    let refusedWithoutLevel = false;
    /** A level whose query answer leaves out its AMOUNT. */
    let withoutAmount: string | undefined;
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (refusedWithoutLevel) {
        // Refused at once: the level says 94, and so does the order; the answer names no level.
        level.status = '94';
        platform.orderSays('94');
        const { PAYIDSUB: _sub, ...refusal } = platform.answer('94', payIdSub, level.amount);
        return refusal;
      }
      const answer = platform.answer(level.status, payIdSub, level.amount);
      return uncertain ? uncertainWithoutLevel(answer, uncertainStatus) : answer;
    };
    const app = appWithFakePlatform(kind, async (path, form) => {
      const answer = await platform.handle(path, form);
      if (!path.includes('querydirect') || form.PAYIDSUB === undefined || form.PAYIDSUB !== withoutAmount) return answer;
      const { amount: _amount, ...rest } = answer;
      return rest;
    });
    const { money, refunds, api, stored } = refundProbe(app, () => reference);
    /** A refund of ours refused at once (its level and the order say 94) by an answer without PAYIDSUB. */
    const refusedWithoutPayIdSub = async (amount: number) => {
      refusedWithoutLevel = true;
      try {
        const refused = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount } });
        assert.ok(refused.status >= 400 && refused.status < 500, `refused: ${refused.status}`);
      } finally {
        refusedWithoutLevel = false;
      }
    };
    /** A refund of ours answered uncertain (82) without PAYIDSUB, then settled by the order's overall 8: done, no level. */
    const doneWithoutLevel = async (amount: number) => {
      uncertainStatus = '82';
      uncertain = true;
      try {
        await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount } });
      } finally {
        uncertain = false;
        uncertainStatus = '8';
      }
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
    };

    it('a refund refused at once while its call is under way: the earlier refund of its amount stays refunded', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      const stall = platform.stallNext();
      const second = app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      await stall.entered.opened;
      stall.reach.open();
      await stall.reached.opened;
      // The acquirer declines the second 2.00 at once: its level 3 says 94, and so does the order.
      platform.levelSays(3, '94');
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '3' }))).status, 200);
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(sync.status < 500, `sync: ${sync.status}`);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'the sync while the call is under way takes nothing back');
      stall.answer.open();
      const refused = await second;
      assert.ok(refused.status >= 400 && refused.status < 500, `the refund is refused: ${refused.status}`);
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'the first 2.00 was given by the platform');
      assert.deepEqual(await refunds(), [
        [2, 200, 'done', 8],
        [3, 200, 'failed', 94],
      ]);
    });

    it('a refund whose answer was lost, given, then taken back on a level of its own: only the 3.00 stays refunded', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 300 });
      app.t.clock.advance(60_000);
      uncertain = true;
      try {
        await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      } finally {
        uncertain = false;
      }
      app.t.clock.advance(10_000);
      platform.backOffice({ status: '94', amount: '2.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 300, 'done', 8],
        [3, 200, 'failed', 94],
        [4, 200, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.equal((await stored()).syncNeeded, false);
    });

    it('a refund refused by an answer without PAYIDSUB: a later sync keeps the earlier 2.00 the platform gave', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      await refusedWithoutPayIdSub(200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition');
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'the first 2.00 was given by the platform');
    });

    it('a refund done without a level, then taken back on its level, no feedback: a sync undoes it', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await doneWithoutLevel(200);
      assert.deepEqual(await refunds(), [[null, 200, 'done', 8]], 'precondition: done, no level');
      app.t.clock.advance(60_000);
      platform.levelSays(2, '94');
      await api('/sync');
      await reconcilerRounds(app.t, 2);
      assert.deepEqual(await money(), ['captured', 1999, 0], 'the 2.00 was taken back by the acquirer');
      assert.deepEqual(
        (await refunds()).map(([, amount, status]) => [amount, status]),
        [[200, 'failed']],
        'listed once, as ours',
      );
    });

    it('a reversal on a level answered without AMOUNT: not lost while the order says 94', async () => {
      withoutAmount = '4';
      try {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        await api('/refund', { amount: 300 });
        app.t.clock.advance(60_000);
        platform.backOffice({ status: '94', amount: '2.00' });
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 3);
        // Nothing says which refund level 4 took back: as without a level, both are.
        assert.deepEqual(await money(), ['captured', 1999, 0]);
      } finally {
        withoutAmount = undefined;
      }
    });

    it('a reversal on a level of its own beside a refund refused without PAYIDSUB: not lost', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      app.t.clock.advance(60_000);
      await refusedWithoutPayIdSub(100);
      app.t.clock.advance(60_000);
      platform.backOffice({ status: '94', amount: '2.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      // The levels cannot say which: as without a level, both are taken back, none lost.
      assert.deepEqual(await money(), ['captured', 1999, 0]);
      assert.equal((await stored()).syncNeeded, false);
    });

    for (const code of ['94', '96'] as const) {
      it(`an old reversal beside a refund done without a level, that one taken back with ${code}: a sync undoes it`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        app.t.clock.advance(60_000);
        platform.levelSays(2, '94');
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'precondition: the 2.00 taken back');
        app.t.clock.advance(60_000);
        await doneWithoutLevel(300);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the 3.00 done, no level');
        app.t.clock.advance(60_000);
        platform.levelSays(3, code);
        await api('/sync');
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'the 3.00 was taken back by the acquirer');
      });
    }

    it('an old reversal beside a new one on a level without AMOUNT: not lost', async () => {
      withoutAmount = '5';
      try {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 100 });
        app.t.clock.advance(60_000);
        platform.levelSays(2, '94');
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 200 });
        await api('/refund', { amount: 300 });
        app.t.clock.advance(60_000);
        platform.backOffice({ status: '94', amount: '2.00' });
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 3);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'nothing says which: both taken back, none lost');
      } finally {
        withoutAmount = undefined;
      }
    });
  });
}
