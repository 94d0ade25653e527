/**
 * A 94 feedback without PAYIDSUB (a SHA-OUT list without it) takes back the one done refund (the
 * rule without a level, feedback/with-operations.ts; docs/ogone-protocol.md §6). The merchant
 * refunds again, the platform gives it, and the acquirer reverses that refund too: its 94 about
 * the order carries the very parameters of the first, so it is logged as its copy. It must still
 * take that refund back. Reviews r320–r350 tried holding such a feedback back for the
 * reconciler's query (a true copy would take back a refund the platform gave); the query reads
 * no done refund's level, so the reversals it held were lost (r330, r340, r350): the feedback is
 * applied as before, and a true copy's harm stays documented (§6).
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
    const copyAfterNewRefund = async (reverseNewRefund: () => void) => {
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
      reverseNewRefund();
      assert.equal((await app.feedback(reversal)).status, 200);
    };

    it("the new refund's own reversal, the same 94 again, takes it back; the reconciler agrees", async () => {
      // That second 94 is the acquirer reversing the 3.00: level 3 is 94, and so is the order.
      await copyAfterNewRefund(() => {
        platform.levels[2]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
      });
      assert.deepEqual(await money(), ['captured', 1999, 0]);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
    });

    it('a refund made after that reversal, before the reconciler comes, is the only one counted', async () => {
      await copyAfterNewRefund(() => {
        platform.levels[2]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
      });
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 400 });
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 400], 'levels: 2.00 and 3.00 reversed, 4.00 given');
    });
  });
}
