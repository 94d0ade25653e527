/**
 * Found by review r400. A refund of ours refused at once (94 on its own new level, the order 94),
 * then a refund of 3.00 the platform gives (level 3, the order 8), then the acquirer takes that
 * 3.00 back and the platform shows it on the order alone: the order says 94, level 3 still 8 (the
 * guides do not say where a reversal is written: docs/ogone-protocol.md §6). The refusal's level,
 * still 94, sits below the done 3.00: it cannot be the order's newest event, yet the query let it
 * account for the order's 94, and the reversed 3.00 stayed counted for good. Only a level that
 * moved on to the other code (94 → 96) is news; the ledger weighs the rest by their order.
 * Found by review r420: the same with the back office's refund declined at once on a level none
 * of ours held yet, below our refund: read as a reversal of its own, it took the order's 94.
 * Found by review r430: an old reversal's level that moved on to 96 took an order's 94 too.
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
  describe(`a reversal shown on the order alone, beside an older refusal (${kind})`, () => {
    let reference = '';
    let refusedNext = false;
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (refusedNext) {
        level.status = '94';
        platform.head = { ...platform.head, status: '94' };
        return platform.answer('94', payIdSub, level.amount);
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api } = refundProbe(app, () => reference);

    /** 2.00 refused on level 2, 3.00 given on level 3, then the order alone says 94. */
    const refusedThenGiven = async () => {
      reference = await capturedByUs(app, platform, PAYID);
      refusedNext = true;
      try {
        await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      } finally {
        refusedNext = false;
      }
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      app.t.clock.advance(60_000);
      platform.head = { ...platform.head, status: '94' };
    };

    it('its 94 without PAYIDSUB: the 3.00 is taken back, after the reconciler', async () => {
      await refusedThenGiven();
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it('its feedback lost, a merchant sync reads the 94: the 3.00 is taken back', async () => {
      await refusedThenGiven();
      await api('/sync');
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it("the back office's refund refused on its level, then ours given and taken back on the order alone", async () => {
      reference = await capturedByUs(app, platform, PAYID);
      platform.backOffice({ status: '94', amount: '5.00' });
      await api('/sync');
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition');
      app.t.clock.advance(60_000);
      platform.head = { ...platform.head, status: '94' };
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    for (const declineFeedback of [false, true]) {
      it(`the back office's refund declined at once, never read${declineFeedback ? ' (its feedback named its level)' : ''}; ours given, then taken back on the order alone: a sync takes it back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        platform.backOffice({ status: '94', amount: '5.00' });
        if (declineFeedback) assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 300 });
        assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition');
        app.t.clock.advance(60_000);
        platform.head = { ...platform.head, status: '94' };
        await api('/sync');
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['captured', 1999, 0]);
      });
    }

    it("the decline's 94 without PAYIDSUB, then the reversal's own 94 with the same parameters: ours taken back", async () => {
      reference = await capturedByUs(app, platform, PAYID);
      platform.backOffice({ status: '94', amount: '5.00' });
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 300 });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition');
      app.t.clock.advance(60_000);
      platform.head = { ...platform.head, status: '94' };
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    for (const lost of [false, true]) {
      it(`an old reversal's level moved on to 96, then a new refund taken back on the order alone (94${lost ? ', its feedback lost' : ' without PAYIDSUB'}): taken back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 300 });
        app.t.clock.advance(60_000);
        platform.levels[1]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 200 });
        app.t.clock.advance(60_000);
        platform.levels[1]!.status = '96';
        platform.head = { ...platform.head, status: '96' };
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], "precondition: level 2's 96 undoes nothing");
        app.t.clock.advance(60_000);
        platform.head = { ...platform.head, status: '94' };
        if (lost) await api('/sync');
        else assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
        await reconcilerRounds(app.t, 3);
        assert.deepEqual(await money(), ['captured', 1999, 0]);
      });
    }
  });
}
