/**
 * Found by review r330, of dating a refusal by when its refund was sent (feedback/with-operations.ts
 * explainedByReversal): a refund's level is made when its call reaches the platform, not when we
 * record it. Refund B (3.00) is recorded first and its call is slow; refund C (2.00), sent
 * meanwhile, reaches the platform first (level 2, done). B then reaches it (level 3, the newest)
 * and is refused with 94: the order's STATUS is 94. B's refusal explains it, but dated before C it
 * did not, and the rule without a level took back C's 2.00, which the platform gave (level 2 still
 * 8). A refusal on a known level is weighed by level now.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { capturedByUs, refundProbe } from './refund-probe.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund sent first, placed last and refused with 94 (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // The held call is refused by the acquirer at once: its level is 94, the order's STATUS too.
    platform.maintenanceAnswer = (level, payIdSub, _form, stalled) => {
      if (stalled) {
        level.status = '94';
        platform.head = { ...platform.head, status: '94' };
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds } = refundProbe(app, () => reference);
    const refund = (amount: number) => app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount } });
    const settled = [
      [3, 300, 'failed', 94],
      [2, 200, 'done', 8],
    ];

    const refusedLast = async () => {
      reference = await capturedByUs(app, platform, PAYID);
      app.t.clock.advance(60_000);
      // B, 3.00: recorded, its call slow on its way.
      const held = platform.stallNext();
      const late = refund(300);
      await held.entered.opened;
      // C, 2.00, ten seconds later: reaches the platform first, level 2, done.
      app.t.clock.advance(10_000);
      assert.ok((await refund(200)).status < 300);
      // B reaches the platform: level 3, refused with 94.
      app.t.clock.advance(10_000);
      held.reach.open();
      await held.reached.opened;
      held.answer.open();
      await late;
      assert.deepEqual(await refunds(), settled, 'precondition: B refused on level 3, C given on level 2');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200], 'precondition');
    };

    it('a sync of the order keeps the 2.00 the platform gave (level 2 still 8)', async () => {
      await refusedLast();
      app.t.clock.advance(60_000);
      assert.ok((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status < 300);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200]);
      assert.deepEqual(await refunds(), settled);
    });

    it('so do the reconciler rounds that follow the refusal', async () => {
      await refusedLast();
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200]);
    });
  });
}
