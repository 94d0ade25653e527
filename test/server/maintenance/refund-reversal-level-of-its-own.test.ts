/**
 * The guides do not say whether the platform writes a refund's reversal (94, 96) on the refund's
 * own level or on a level of its own (docs/ogone-protocol.md §6). The query reads both
 * (maintenance/sync.ts takenBackRefunds): a level none of our operations holds that says 94 / 96
 * takes back the newest done refund below it of its very amount, and is recorded as a failed
 * refund of the back office's either way. Found by review r360:
 * - a reversal on a level of its own, its feedback left to the query (two refunds done), and a new
 *   refund before the reconciler's round moved the order's STATUS to 8: nothing said 94 any more,
 *   and the reversal was lost for good;
 * - a refund made in the back office and taken back before any sync counted it: its level said 94,
 *   so did the order, and the rule without a level took back every refund of ours.
 * Found by review r380: the back office's refund taken back on a level of its own before any sync
 * counted it was counted by that very sync, beside the reversal it read.
 * Found by review r390: the back office's refund counted without an operation (we had made none),
 * then taken back: the reversal read as nobody's left it counted. The order's STATUS decides then.
 * Found by review r410: beside a reversal level without AMOUNT, an unrelated old level saying 94
 * (the back office's refund declined at once) accounted for the order's 94, and ours stayed counted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { capturedByUs, refundProbe } from './refund-probe.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund reversal on a level of its own (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api, stored } = refundProbe(app, () => reference);

    for (const named of [false, true]) {
      it(`a 94 ${named ? 'naming its new level 4' : 'without PAYIDSUB'}, then a new refund before the round: the 2.00 is taken back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        await api('/refund', { amount: 300 });
        app.t.clock.advance(60_000);
        // The acquirer takes back the 2.00: a new level 4 says 94 for 2.00, and so does the order.
        platform.backOffice({ status: '94', amount: '2.00' });
        // Our new refund reaches the platform before the 94's feedback reaches us (since review
        // r750 the API refuses any operation while the 94 awaits its levels).
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 100 });
        assert.equal((await app.feedback(feedbackFor(reference, 94, named ? { PAYID, PAYIDSUB: '4' } : { PAYID }))).status, 200);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 600], 'three refunds done: left to the query');
        await reconcilerRounds(app.t, 3);
        assert.deepEqual(await refunds(), [
          [2, 200, 'failed', 94],
          [3, 300, 'done', 8],
          [5, 100, 'done', 8],
          [4, 200, 'failed', 94],
        ]);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 400]);
        assert.equal((await stored()).syncNeeded, false);
      });
    }

    for (const named of [true, false]) {
      it(`the back office's refund taken back before any sync counted it, a 94 ${named ? 'naming its level' : 'without PAYIDSUB'}: ours stay refunded`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        await api('/refund', { amount: 300 });
        platform.backOffice({ status: '8', amount: '1.00' });
        assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '4' }))).status, 200);
        app.t.clock.advance(60_000);
        platform.levelSays(4, '94');
        assert.equal((await app.feedback(feedbackFor(reference, 94, named ? { PAYID, PAYIDSUB: '4' } : { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 3);
        assert.deepEqual(await refunds(), [
          [2, 200, 'done', 8],
          [3, 300, 'done', 8],
          [4, 100, 'failed', 94],
        ]);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'the 1.00 given and taken back; ours stay');
        assert.equal((await stored()).syncNeeded, false);
        await api('/sync');
        assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'the order still says 94: read once');
      });
    }

    for (const feedback of [true, false]) {
      it(`the back office's 4.00 given, then taken back on a level of its own before any sync (${feedback ? 'feedbacks' : 'a sync alone'}): ours only refunded`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        await api('/refund', { amount: 100 });
        platform.backOffice({ status: '8', amount: '4.00' });
        if (feedback) assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '4' }))).status, 200);
        app.t.clock.advance(60_000);
        platform.backOffice({ status: '94', amount: '4.00' });
        if (feedback) {
          assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
          await reconcilerRounds(app.t, 3);
        } else await api('/sync');
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 4.00 was taken back: only ours are refunded');
        assert.deepEqual(await refunds(), [
          [2, 200, 'done', 8],
          [3, 100, 'done', 8],
          [5, 400, 'failed', 94],
          [4, 400, 'failed', 94],
        ]);
        assert.equal((await stored()).syncNeeded, false);
        await api('/sync');
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'read once');
      });
    }

    it("the back office's refund without ours, given then taken back on a level of its own: nothing refunded", async () => {
      reference = await capturedByUs(app, platform, PAYID);
      platform.backOffice({ status: '8', amount: '4.00' });
      app.t.clock.advance(60_000);
      platform.backOffice({ status: '94', amount: '4.00' });
      await api('/sync');
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    for (const where of ['on its own level', 'on a level of its own'] as const) {
      it(`the back office's 2.00 counted without an operation, taken back ${where}, no feedback: a sync takes it back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        platform.backOffice({ status: '8', amount: '2.00' });
        assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition: counted from its level');
        app.t.clock.advance(60_000);
        if (where === 'on its own level') {
          platform.levelSays(2, '94');
        } else platform.backOffice({ status: '94', amount: '2.00' });
        await api('/sync');
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'the 2.00 was taken back by the acquirer');
      });
    }

    for (const unrelated of [true, false]) {
      it(`our refund taken back on a level without AMOUNT, no feedback${unrelated ? ", beside the back office's old declined refund" : ''}: a sync takes it back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        if (unrelated) {
          platform.backOffice({ status: '94', amount: '5.00' });
          assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
          app.t.clock.advance(60_000);
        }
        await api('/refund', { amount: 200 });
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition');
        app.t.clock.advance(60_000);
        platform.backOffice({ status: '94', amount: '' });
        await api('/sync');
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'the refund the acquirer took back is not counted');
      });
    }

    it("the back office's refund taken back on a level of its own below a newer refund of ours: never counted by a later sync", async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      // The back office refunds 4.00 (level 3); its feedback leaves the payment to the query.
      platform.backOffice({ status: '8', amount: '4.00' });
      // The acquirer takes it back on a level of its own (4); then we refund 1.00 (level 5), before
      // the back office's feedback reaches us (since review r750 the API refuses any operation
      // while it awaits its query); that feedback leaves the payment to the query.
      platform.backOffice({ status: '94', amount: '4.00' });
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 100 });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '3' }))).status, 200);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 4.00 given and taken back: ours only');
      // Both its levels are recorded as failed, so that a sync the payment no longer awaits does
      // not count the 4.00 from its level 3, which still says 8.
      assert.deepEqual(await refunds(), [
        [2, 200, 'done', 8],
        [5, 100, 'done', 8],
        [4, 400, 'failed', 94],
        [3, 400, 'failed', 94],
      ]);
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
    });
  });
}
