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
        platform.orderSays('94');
        return platform.answer('94', payIdSub, level.amount);
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api } = refundProbe(app, () => reference);
    /**
     * The acquirer takes back the newest refund, shown on the order alone (the order says 94, its
     * level still 8), learnt by its 94 without PAYIDSUB or, that feedback lost, by a sync: in the
     * end it is not counted.
     */
    const takenBackOnTheOrder = async (lost: boolean) => {
      platform.orderSays('94');
      if (lost) await api('/sync');
      else assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    };

    for (const lost of [false, true]) {
      it(`our 2.00 refused on its level, our 3.00 given, then taken back on the order alone (${lost ? 'a sync' : 'its 94 without PAYIDSUB'}): taken back`, async () => {
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
        await takenBackOnTheOrder(lost);
      });
    }

    /** How the back office's refund declined at once (level 2 says 94, 5.00) became known, if it did. */
    const declineLearnt: Record<string, () => unknown> = {
      'read by a sync': () => api('/sync'),
      'never read': async () => {},
      'its feedback naming its level': () => app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' })),
      // Then the reversal's own 94 without PAYIDSUB carries the very same parameters: a copy's.
      'its feedback without PAYIDSUB': () => app.feedback(feedbackFor(reference, 94, { PAYID })),
    };
    for (const [learnt, learn] of Object.entries(declineLearnt)) {
      for (const lost of [false, true]) {
        it(`the back office's refund declined at once (${learnt}), ours given then taken back on the order alone (${lost ? 'a sync' : 'its 94 without PAYIDSUB'}): taken back`, async () => {
          reference = await capturedByUs(app, platform, PAYID);
          platform.backOffice({ status: '94', amount: '5.00' });
          await learn();
          app.t.clock.advance(60_000);
          await api('/refund', { amount: 300 });
          assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition');
          app.t.clock.advance(60_000);
          await takenBackOnTheOrder(lost);
        });
      }
    }

    for (const lost of [false, true]) {
      it(`an old reversal's level moved on to 96, then a new refund taken back on the order alone (94${lost ? ', its feedback lost' : ' without PAYIDSUB'}): taken back`, async () => {
        reference = await capturedByUs(app, platform, PAYID);
        await api('/refund', { amount: 300 });
        app.t.clock.advance(60_000);
        platform.levelSays(2, '94');
        assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 200 });
        app.t.clock.advance(60_000);
        platform.levelSays(2, '96');
        await reconcilerRounds(app.t, 2);
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], "precondition: level 2's 96 undoes nothing");
        app.t.clock.advance(60_000);
        await takenBackOnTheOrder(lost);
      });
    }
  });
}
