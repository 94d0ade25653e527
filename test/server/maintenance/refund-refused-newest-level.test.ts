/**
 * Found by review r320, of "only a reversal explains a query's 94 / 96" (feedback/with-operations.ts
 * explainedByReversal; docs/ogone-protocol.md §6). A pending refund refused with 94 is the order's
 * newest level, so the order's STATUS (its newest level's) becomes 94. A later query of the order
 * reads that 94: with refusals not counted, nothing explained it, and the rule without a level
 * took back the earlier refund the platform did give (its level still 8) — the merchant saw 2.00
 * as not refunded and might refund it again. A refusal is now dated by when its refund was sent,
 * its level's place.
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
  describe(`a pending refund refused with 94 on the newest level, then a query of the order (${kind})`, () => {
    let reference = '';
    let pendingNext = false;
    let refusedNext = false;
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (refusedNext) {
        // Refused at once: the level is 94, and so is the order's STATUS (its newest level's).
        level.status = '94';
        platform.head = { ...platform.head, status: '94' };
        return platform.answer('94', payIdSub, level.amount);
      }
      return pendingNext ? platform.answer('81', payIdSub, level.amount) : platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api } = refundProbe(app, () => reference);
    const captured = async () => {
      reference = await capturedByUs(app, platform, PAYID);
    };

    for (const learnt of ['its named feedback', 'a sync'] as const) {
      it(`refused while pending, learnt by ${learnt}: a later sync keeps the 2.00 given back`, async () => {
        await captured();
        await api('/refund', { amount: 200 });
        app.t.clock.advance(60_000);
        pendingNext = true;
        try {
          await api('/refund', { amount: 300 });
        } finally {
          pendingNext = false;
        }
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition: 2.00 given, 3.00 pending');
        // The acquirer refuses the 3.00: its level becomes 94, and the order's STATUS with it.
        app.t.clock.advance(60_000);
        platform.levels[2]!.status = '94';
        platform.head = { ...platform.head, status: '94' };
        if (learnt === 'a sync') await api('/sync');
        else assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '3' }))).status, 200);
        const settled = [
          [2, 200, 'done', 8],
          [3, 300, 'failed', 94],
        ];
        assert.deepEqual(await refunds(), settled, 'precondition: the 3.00 refused, the 2.00 still counted');
        // Any later sync (the merchant's, the reconciler's) reads the same order: level 2 still 8.
        app.t.clock.advance(60_000);
        await api('/sync');
        assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'the platform gave the 2.00 back');
        assert.deepEqual(await refunds(), settled);
      });
    }

    it("refused by its own answer's 94: the reconciler's sync keeps the 2.00 given back", async () => {
      await captured();
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      refusedNext = true;
      try {
        await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 300 } });
      } finally {
        refusedNext = false;
      }
      assert.deepEqual(
        await refunds(),
        [
          [2, 200, 'done', 8],
          [3, 300, 'failed', 94],
        ],
        'precondition: refused by its answer',
      );
      // Nobody asks: the refusal flagged the payment, and the reconciler syncs it.
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'the platform gave the 2.00 back');
    });
  });
}
