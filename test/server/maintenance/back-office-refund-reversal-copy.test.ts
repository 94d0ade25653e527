/**
 * Found by review r340, of the copy rule (feedback/with-operations.ts withOperations, `since`): a
 * 94 without PAYIDSUB with the parameters of an earlier one, while a refund was done since that
 * first receipt, changes no money and waits for the reconciler's query. When that later refund was
 * the back office's (an operation a sync recorded: domain/back-office-operations.ts), the query's
 * 94 was read as explained by the earlier reversal (explainedByReversal weighs refunds of ours
 * only, and none was done), nothing was taken back, and the flag was cleared: the 3.00 the
 * platform took back stayed counted for good. The copy rule holds back refunds of ours only now.
 *
 * Levels: 1 our capture, 2 our refund A 2.00 (reversed by a 94 without PAYIDSUB), 3 the back
 * office's refund C 3.00, 4 our refund D 1.00 (processing, then refused with 94).
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
  describe(`a back-office refund reversed by a 94 with the parameters of an earlier one (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Our refund of 1.00 is answered "processing" (81) on its level.
    platform.maintenanceAnswer = (level, payIdSub, form) => {
      if (form.AMOUNT === '100') {
        level.status = '81';
        platform.head = { ...platform.head, status: '81' };
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { stored, money, api } = refundProbe(app, () => reference);
    const byLevel = async () =>
      (await app.t.repository.listOperations(reference))
        .filter((op) => op.kind === 'refund')
        .map((op) => [op.payidSub, op.amount, op.status, op.ogoneStatus])
        .sort((a, b) => (a[0] as number) - (b[0] as number));

    it('the back-office refund the acquirer took back is not counted once the reconciler has asked', async () => {
      reference = await capturedByUs(app, platform, PAYID);
      // A: 2.00 given (level 2), then reversed; the feedback carries no PAYIDSUB.
      await api('/refund', { amount: 200 });
      app.t.clock.advance(60_000);
      platform.levels[1]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
      const reversal = feedbackFor(reference, 94, { PAYID });
      assert.equal((await app.feedback(reversal)).status, 200);
      assert.deepEqual(await money(), ['captured', 1999, 0], 'precondition: A taken back');
      // C: 3.00 refunded in the back office (level 3); D: our 1.00, processing on level 4.
      app.t.clock.advance(60_000);
      platform.backOffice({ status: '8', amount: '3.00' });
      app.t.clock.advance(60_000);
      await api('/refund', { amount: 100 });
      // A sync finds C beside D and records it as the back office's refund.
      app.t.clock.advance(60_000);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'precondition: C counted');
      // D is refused by the acquirer (level 4: 94); the reconciler settles it.
      platform.levels[3]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
      await reconcilerRounds(app.t, 2);
      assert.deepEqual(
        await byLevel(),
        [
          [2, 200, 'failed', 94],
          [3, 300, 'done', 8],
          [4, 100, 'failed', 94],
        ],
        "precondition: A reversed, C the back office's, D refused",
      );
      // The acquirer takes back C: level 3 is 94, the order 94; its feedback, without PAYIDSUB,
      // has the very parameters of A's reversal.
      app.t.clock.advance(60_000);
      platform.levels[2]!.status = '94';
      platform.head = { ...platform.head, status: '94' };
      assert.equal((await app.feedback(reversal)).status, 200);
      await reconcilerRounds(app.t, 3);
      assert.deepEqual(await money(), ['captured', 1999, 0], 'every refund level is 94: nothing is refunded');
      assert.deepEqual((await byLevel())[1], [3, 300, 'failed', 94]);
      const after = await stored();
      assert.equal(after.syncNeeded || after.awaitsQuery === true, false, 'nothing left to ask');
    });
  });
}
