/**
 * Found by review r230. takeBackOfficePlace (maintenance/operations.ts) flags the payment for a sync when
 * our late answer takes a back-office operation's place: "the level ours reached may be another
 * one after all ... a sync then finds it untied and counts it". That flag is a bare
 * `syncNeeded: true` without the reason commit 5431ac8 introduced (`awaitsQuery`): the answer of
 * our next refund, settled before the reconciler's round, recomputes it from our operations
 * (domain/ledger.ts `settle`) and clears it — the very pattern r221 fixed for the back office's
 * feedback. The untied level (3.00 the platform gave back) is then never counted, and the merchant
 * may refund more than is left.
 * Since review r750 the API refuses any operation while the flag is set: the next refund waits
 * for the query, which counts the untied level.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, uncertainWithoutLevel, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a twin's place taken, then our next refund answered before the round (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub, _form, stalled) =>
      stalled
        ? uncertainWithoutLevel(platform.answer('82', payIdSub, level.amount), '82')
        : platform.answer(level.status, payIdSub, level.amount);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const refund = (amount: number) =>
      api('/refund', { body: JSON.stringify({ amount }), headers: { 'content-type': 'application/json' } });

    it('keeps the flag through our next refund until a query counted the untied level', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await refund(500)).status, 200, 'our first refund, 5.00: level 1');

      // Our 3.00 refund stalls before its call leaves; a sync releases it as never sent.
      const held = platform.stallNext();
      const late = refund(300);
      await held.entered.opened;
      app.t.clock.advance(11 * 60_000);
      assert.equal((await api('/sync')).status, 200);

      // The merchant refunds 3.00 in the back office (level 2); a sync records it.
      app.t.clock.advance(60_000);
      platform.backOffice({ status: '8', amount: '3.00' });
      assert.equal((await api('/sync')).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))!.refundedAmount, 800, 'precondition: 5.00 + 3.00');

      // Our stalled call reaches the platform after all (level 3) and answers uncertain without PAYIDSUB.
      held.reach.open();
      await held.reached.opened;
      held.answer.open();
      await late;
      assert.equal((await app.t.repository.getTransaction(reference))!.syncNeeded, true, 'precondition: the twin taken flags the payment');

      // Before the reconciler's round, our next refund of 1.00: since review r750 the API refuses
      // any operation while the flag is set (before, it was answered done and its answer was what
      // had to keep the flag).
      assert.equal((await refund(100)).status, 409, 'our refund of 1.00 waits for the query');
      const between = (await app.t.repository.getTransaction(reference))!;

      const queried = await reconcilerRounds(app.t);
      const counted = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([counted.refundedAmount, counted.awaitsQuery === true], [1100, false], 'the query counted the untied level');
      // Once counted, our refund of 1.00 is answered done (level 4).
      assert.equal((await refund(100)).status, 200, 'our refund of 1.00');

      const after = (await app.t.repository.getTransaction(reference))!;
      assert.equal(
        after.refundedAmount,
        1200,
        `the platform refunded 5.00 + 3.00 (back office) + 3.00 (ours, level 3) + 1.00 = 12.00; the ledger says ${after.refundedAmount}; ` +
          `syncNeeded after our 1.00 refund: ${between.syncNeeded}; reconciler queried ${JSON.stringify(queried)}`,
      );
    });
  });
}
