/**
 * Found by review r210. A refund of ours released by a sync as never sent (abandoned `sending`, no level after the
 * grace period) whose stalled call then reaches the platform (level 2, 3.00 given back). A sync
 * meanwhile records level 2 as the back office's (5eced7b). The stalled call's answer then comes
 * back UNCERTAIN (NCSTATUS 2, no PAYIDSUB, as the uncertain answers of the other tests):
 * de6d92f's takeBackOfficePlace needs a PAYIDSUB, so the released refund becomes `pending` with no
 * level — and its level is held by the back-office operation, so no sync can ever place it, and an
 * uncertain operation is never released. Result: 3.00 counted refunded AND 3.00 reserved for good,
 * the payment flagged (queried every round) for good, and every later back-office refund ignored
 * (backOfficeLevels skips a kind while one of ours holds no level).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a late uncertain answer of a released refund after a back-office record (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // The stalled call's answer: uncertain, without a PAYIDSUB.
    platform.maintenanceAnswer = (level, payIdSub, _form, stalled) =>
      stalled
        ? uncertainWithoutLevel(platform.answer('82', payIdSub, level.amount), '82')
        : platform.answer(level.status, payIdSub, level.amount);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as Record<string, unknown>;
      return { status: response.status, body };
    };
    const refund = (amount: number) =>
      api('/refund', { body: JSON.stringify({ amount }), headers: { 'content-type': 'application/json' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const ops = async () =>
      (await app.t.repository.listOperations(reference)).map((op) => [op.amount, op.status, op.payidSub, op.idempotencyKey]);

    it('the released refund answered uncertain late is neither left reserved for good nor blocking later back-office refunds', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await refund(500)).status, 200, 'our first refund, 5.00: level 1');

      const held = platform.stallNext();
      const late = refund(300);
      await held.entered.opened;
      app.t.clock.advance(11 * 60_000);
      assert.equal((await api('/sync')).status, 200);
      assert.equal(
        (await app.t.repository.listOperations(reference)).find((op) => op.amount === 300)!.status,
        'failed',
        'precondition: released as never sent',
      );

      held.reach.open();
      await held.reached.opened;
      assert.equal((await api('/sync')).status, 200);
      assert.equal((await stored()).refundedAmount, 800, 'precondition: level 2 recorded as the back office');

      held.answer.open();
      await late;

      // Time passes; the reconciler asks again (more than once).
      app.t.clock.advance(11 * 60_000);
      await api('/sync');
      await api('/sync');

      const after = await stored();
      assert.equal(after.refundedAmount, 800, `the platform refunded 5.00 + 3.00 once each; ${after.refundedAmount}`);
      const open = (await app.t.repository.listOperations(reference)).filter((op) => op.status === 'pending' || op.status === 'unknown');
      assert.deepEqual(
        open.map((op) => [op.amount, op.status, op.payidSub]),
        [],
        `the 3.00 counted refunded is ALSO still reserved as an open refund, for good; syncNeeded=${after.syncNeeded}; operations ${JSON.stringify(await ops())}`,
      );
    });

    it('the rest of the captured amount can still be refunded', async () => {
      // Continues from the state above: captured 19.99, refunded 8.00.
      const rest = await refund(1199);
      assert.equal(
        rest.status,
        200,
        `11.99 is left to refund at the platform; the ledger refuses it: ${JSON.stringify(rest.body).slice(0, 300)}`,
      );
    });

    it('a back-office refund made later is counted', async () => {
      platform.backOffice({ status: '8', amount: '1.00' });
      await api('/sync');
      const after = await stored();
      assert.ok(
        after.refundedAmount >= 900,
        `the back office gave back 1.00 more (level ${platform.levels.length}); our ledger still says ${after.refundedAmount} refunded: operations ${JSON.stringify(await ops())}`,
      );
    });
  });
}
