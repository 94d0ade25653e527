/**
 * Found by review r220. backOfficeTwin matches a back-office operation by kind and amount only.
 * Here the back office's 3.00 refund is GENUINE: our 3.00 refund stalled before its call left, a
 * sync released it as never sent, the merchant — reading it failed — refunded 3.00 in the back
 * office (level 2), a sync recorded that level as the back office's. Then our stalled call reached
 * the platform after all (level 3: a second 3.00 refund) and came back uncertain without PAYIDSUB.
 * applyMaintenanceAnswer takes it for the twin: ours takes level 2 as `done`, the merchant's record
 * becomes `failed`, and nothing else is written — no last STATUS 82, no syncNeeded, no open
 * operation. Before b371295 ours stayed `pending` without a level, the reconciler queried it and
 * placed it on level 3 (its amount): 11.00 counted. Now the payment is never asked again: the
 * platform gave back 5.00 + 3.00 + 3.00 = 11.00, the ledger says 8.00, and lets the merchant
 * refund 11.99 more than the 8.99 left.
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
  describe(`a late uncertain refund beside a genuine back-office refund of its amount (${kind})`, () => {
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

    it('counts every refund the platform made', async () => {
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
      const ours = (await app.t.repository.listOperations(reference)).find((op) => op.amount === 300)!;
      assert.equal(ours.status, 'failed', 'precondition: released as never sent');

      // The merchant refunds 3.00 in the back office (level 2); a sync records it.
      app.t.clock.advance(60_000);
      platform.backOffice({ status: '8', amount: '3.00' });
      assert.equal((await api('/sync')).status, 200);
      assert.equal((await app.t.repository.getTransaction(reference))!.refundedAmount, 800, 'precondition: 5.00 + 3.00');

      // Our stalled call reaches the platform after all (level 3, 3.00 more) and answers uncertain.
      held.reach.open();
      await held.reached.opened;
      held.answer.open();
      await late;
      assert.equal(platform.levels.filter((l) => l.status === '8').length, 3, 'precondition: three refunds at the platform');

      // The reconciler's rounds from now on.
      const queried = await reconcilerRounds(app.t);

      const after = (await app.t.repository.getTransaction(reference))!;
      const ops = (await app.t.repository.listOperations(reference)).map((op) => [op.amount, op.status, op.payidSub, op.idempotencyKey]);
      assert.equal(
        after.refundedAmount,
        1100,
        `the platform refunded 5.00 + 3.00 (back office) + 3.00 (ours, level 3) = 11.00; the ledger says ${after.refundedAmount}, ` +
          `lastStatus=${after.lastStatus} syncNeeded=${after.syncNeeded}, reconciler rounds queried ${JSON.stringify(queried)}; operations ${JSON.stringify(ops)}`,
      );
    });
  });
}
