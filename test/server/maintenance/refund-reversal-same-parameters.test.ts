/**
 * A 94 feedback without PAYIDSUB (a SHA-OUT list without it) takes back the one done refund (the
 * rule without a level, feedback/with-operations.ts; docs/ogone-protocol.md §6). The merchant
 * refunds again, the platform gives it, and the acquirer reverses that refund too: its 94 about
 * the order carries the very parameters of the first, so it is logged as its copy. It must still
 * take that refund back. A copy's parameters are left to the reconciler's query, which reads each
 * done refund's own level (maintenance/sync.ts takenBackRefunds). Reviews r330–r350 found that
 * holding it without that reading lost the reversal: the order's STATUS alone cannot say it.
 * A true copy is refund-reversal-read-from-levels.test.ts.
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
  describe(`a 94 without a level with an earlier one's parameters, after a new refund (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api } = refundProbe(app, () => reference);

    /** 19.99 captured; 2.00 refunded, then reversed by a 94 without PAYIDSUB; 3.00 refunded since; the 94's copy. */
    const copyAfterNewRefund = async (reverseNewRefund: () => void | Promise<void>) => {
      reference = await capturedByUs(app, platform, PAYID);
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
      await reverseNewRefund();
      assert.equal((await app.feedback(reversal)).status, 200);
    };

    it("the new refund's own reversal, the same 94 again, is left to the reconciler, which takes it back", async () => {
      // That second 94 is the acquirer reversing the 3.00: level 3 is 94, and so is the order.
      await copyAfterNewRefund(() => {
        platform.levels[2]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
      });
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'a copy of parameters says no more: left to the query');
      assert.deepEqual(await reconcilerRounds(app.t, 1), [reference], 'the reconciler asks');
      assert.deepEqual(await money(), ['captured', 1999, 0], "level 3's 94 takes the 3.00 back");
      await reconcilerRounds(app.t, 2);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it('a refund made after that reversal, before the reconciler comes, is the only one counted', async () => {
      // The refund reaches the platform before the 94's copy reaches us: since review r750 the API
      // refuses any operation while that copy awaits the levels.
      await copyAfterNewRefund(async () => {
        platform.levels[2]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
        app.t.clock.advance(60_000);
        await api('/refund', { amount: 400 });
      });
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 400], 'levels: 2.00 and 3.00 reversed, 4.00 given');
    });
  });
}
