/**
 * A 94 / 96 that names no refund's level cannot say which refund the acquirer took back, and the
 * order's STATUS cannot either once a newer refund replaced it. Each done refund's own level can
 * (DirectLink guide §5.1.2): the reconciler's query reads them (maintenance/sync.ts
 * takenBackRefunds) and undoes those that say 94 / 96, only those (docs/ogone-protocol.md §6).
 * Found by reviews r320 (a true copy took back a refund the platform gave), r330 / r340 (a 94
 * arriving while a refund was open was lost for good); and with several refunds done, the rule
 * without a level took back every one of them.
 *
 * The fake platform writes the 94 on the reversed refund's level; the order's STATUS is its newest
 * level's (the guides confirm neither: §6).
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
  describe(`a 94 without a level, read from each refund's own level (${kind})`, () => {
    let reference = '';
    let pendingNext = false;
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => platform.answer(pendingNext ? '81' : level.status, payIdSub, level.amount);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api, stored } = refundProbe(app, () => reference);
    /** The payment.refund_reversed events naming an operation, oldest first: [state, refunded, PAYIDSUB]. */
    const takenBack = async () =>
      (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refund_reversed' })).items
        .map((e) => e.data as { state: string; refundedAmount: number; settledOperation?: { kind: string; payidSub: number } })
        .filter((data) => data.settledOperation?.kind === 'refund')
        .map((data) => [data.state, data.refundedAmount, data.settledOperation!.payidSub])
        .reverse();
    /** The acquirer takes back the refund on `level`: it says 94, and so does the order. */
    const reversed = (level: number) => platform.levelSays(level, '94');

    it('two refunds done, the first reversed: the query undoes that one only', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      reversed(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'the feedback does not say which: nothing undone yet');
      assert.equal((await stored()).syncNeeded, true);
      assert.deepEqual(await reconcilerRounds(app.t, 1), [reference]);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 3.00 the platform gave is still refunded');
      assert.deepEqual(await takenBack(), [['partially_refunded', 300, 2]], 'announced once, naming level 2');
      assert.deepEqual(await reconcilerRounds(app.t, 2), [], 'settled: not asked again');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
    });

    it('five syncs at once, and the named 94 beside them: the refund is undone and announced once', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      reversed(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      const syncs = Array.from({ length: 5 }, () => app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' }));
      const named = app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }));
      const answers = await Promise.all([...syncs, named]);
      assert.ok(
        answers.every((answer) => answer.status < 300),
        answers.map((answer) => answer.status).join(),
      );
      await reconcilerRounds(app.t, 2);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.deepEqual(await takenBack(), [['partially_refunded', 300, 2]], 'one payment.refund_reversed');
    });

    it('a reversed level moving on from 94 to 96: the same reversal, the other refund stays counted', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      app.t.clock.advance(60_000);
      reversed(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the named level undone');
      // Found by review r320 (F3): level 2, and the order, say 96 now (the guides do not say
      // whether a level moves so); a query's 96 took back the 3.00 too.
      app.t.clock.advance(60_000);
      platform.levelSays(2, '96');
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.deepEqual(await takenBack(), [['partially_refunded', 300, 2]], 'announced once');
    });

    it("the query undoes the reversed refund first; the reversal's late feedback then takes nothing more", async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      await api('/refund', { amount: 300 });
      app.t.clock.advance(60_000);
      reversed(2);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: the query undid the 2.00 only');
      // Found by review r360: the 94's first copy, merely late. One refund is done, and it is no
      // copy; yet the reversal applied already may be what it says: left to the query.
      app.t.clock.advance(60_000);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 3.00 the platform gave stays refunded');
      assert.equal((await stored()).syncNeeded, false);
    });

    for (const named of [true, false]) {
      it(`a reversed level moving on to 96 after a new refund, its 96 without PAYIDSUB (the 94 ${named ? 'named' : 'unnamed'}): the new refund stays`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 200 });
        app.t.clock.advance(60_000);
        reversed(2);
        assert.equal((await app.feedback(feedbackFor(reference, 94, named ? { PAYID, PAYIDSUB: '2' } : { PAYID }))).status, 200);
        assert.deepEqual(await money(), ['captured', 1999, 0], 'precondition: the 2.00 undone');
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 300 });
        // Found by review r370: level 2 moves on to 96, and so does the order. One refund is done,
        // the new one, and the 96 was applied to it at once.
        app.t.clock.advance(60_000);
        platform.levelSays(2, '96');
        assert.equal((await app.feedback(feedbackFor(reference, 96, { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 3);
        assert.deepEqual(await refunds(), [
          [2, 200, 'failed', 94],
          [3, 300, 'done', 8],
        ]);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 3.00 the platform gave stays refunded');
      });
    }

    it('a true copy of an earlier 94, after a new refund: the new refund stays counted', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      reversed(2);
      const reversal = feedbackFor(reference, 94, { PAYID });
      assert.equal((await app.feedback(reversal)).status, 200);
      assert.deepEqual(await money(), ['captured', 1999, 0], 'precondition: one refund done, so it is that one');
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      // The platform's copy of the first 94 (a retried delivery), after the 3.00 was given back:
      // level 3 is 8, and so is the order.
      app.t.clock.advance(60_000);
      assert.equal((await app.feedback(reversal)).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the copy takes nothing back');
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], "the query's levels agree; no AMOUNT of the order counted");
      assert.equal((await stored()).syncNeeded, false);
    });

    it('a 94 arriving while a newer refund is open: once that one settles, the query undoes the reversed one', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      pendingNext = true;
      try {
        await api('/refund', { amount: 300 });
      } finally {
        pendingNext = false;
      }
      assert.deepEqual(await refunds(), [
        [2, 200, 'done', 8],
        [3, 300, 'pending', 81],
      ]);
      // The acquirer takes back the 2.00 while the 3.00 is processed.
      reversed(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      // Then the 3.00 is given: its level, and the order, say 8.
      platform.levelSays(3, '8');
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '3' }))).status, 200);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'precondition: the 3.00 counted, the 94 not yet');
      assert.equal((await stored()).syncNeeded, true, 'the 94 left the payment to the reconciler');
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
    });
  });
}
