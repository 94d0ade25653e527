/**
 * Found by review r1616 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels under a reversal that is its own level's (reversalOnItsLevel) while nothing is counted refunded.
 *
 * r1616 — a refund made in Ogone's back office is never counted when the order's STATUS is a
 * later refund's reversal (94), and "refund the rest" then asks the platform for money already
 * given back.
 *
 * What is wrong: `backOfficeRefund` (server/maintenance/sync.ts) reads the refund history levels,
 * while nothing is counted refunded, only when the order's STATUS is a refund (8, 84, 85, 7, 74),
 * `awaitsQuery` is set, or the STATUS is 81 / 82 / 83 (`REFUND_NOT_DONE`). Here our capture of
 * 19.99 is done (SAS, level 1); the back office refunds 3.00 (level 2, STATUS 8), then 2.00
 * (level 3), which the acquirer takes back (94): the order says 94. A sync (`POST …/sync`) reads
 * level 3 as a reversal of its own (`takenBackRefunds`: recorded as a failed back-office refund)
 * but never the 3.00 standing on level 2: the payment stays `captured`, 0 refunded, sync after
 * sync, and `syncNeeded` is cleared, so the reconciler never asks again. The merchant's refund
 * without an amount is then planned by `planOperation` (server/domain/ledger.ts) on that count:
 * an RFS of 19.99, 3.00 more than is left at the platform. The same history with one refund of
 * ours beside it (any amount) is counted right — 3.00 recorded as the back office's.
 *
 * Why it matters: docs/ogone-protocol.md §9 ("Captures and refunds made in the back office
 * beside ours": a done level of that kind left over is the back office's, "recorded as an
 * operation of its own … and counted once") and README (Webhooks: "a capture or refund made in
 * Ogone's back office is announced once the reconciler's query has read how much it was … or at
 * once after POST /api/transactions/:reference/sync"). Status-change requests are an option
 * (§14), so the sync is the only way the ledger learns it. The shopper got 3.00 back that the
 * ledger, the dashboard and the webhooks never show; a "refund everything" is sent for 19.99
 * (DirectLink guide §4.1.2: AMOUNT cannot exceed what is left; the platform refuses it, 50001129).
 *
 * The same when the 94 is our own refund's: a refund of 2.00 sent through the API (answered 81,
 * processed offline, on its own level) that the acquirer then declines (its level and the order
 * say 94), beside the back office's 3.00: the sync fails ours, nothing of ours is counted, and the
 * 3.00 is never read either.
 *
 * Expectation: after the sync, 3.00 is refunded (`partially_refunded`), and a refund of the rest
 * is sent for the 16.99 left (RFS 1699); with our declined refund beside it, 3.00 refunded too —
 * on SQLite and on PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a back-office refund below a reversed one, beside our capture (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, '3016161');

    it('the sync counts the 3.00 refunded, and the rest is refunded for what is left', async () => {
      const reference = await authorised();
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, 'precondition: our capture of 19.99 is done');

      // In the back office: a refund of 3.00, then one of 2.00 that the acquirer takes back.
      platform.backOffice({ status: '8', amount: '3.00' });
      platform.backOffice({ status: '8', amount: '2.00' });
      platform.levelSays(platform.levels.length, '94');

      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200);
      const synced = (await sync.json()) as { state: string; refundedAmount: number };

      const rest = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      const refund = (await rest.json()) as { operation?: { operation: string; amount: number } };
      assert.deepEqual(
        {
          state: synced.state,
          refundedAmount: synced.refundedAmount,
          restSent: platform.maintenance.slice(1).map((form) => `${form.OPERATION} ${form.AMOUNT}`),
        },
        { state: 'partially_refunded', refundedAmount: 300, restSent: ['RFS 1699'] },
        JSON.stringify(refund.operation),
      );
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe(`a back-office refund below our refund the acquirer declined (94) (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, '3016162');
    // A refund is processed offline: answered 81 on its level, as the DirectLink guide §4.3 shows.
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (level.status === '8') {
        level.status = '81';
        platform.orderSays('81');
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };

    it('the sync counts the 3.00 the back office refunded', async () => {
      const reference = await authorised();
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, 'precondition: our capture of 19.99 is done');
      platform.backOffice({ status: '8', amount: '3.00' });
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      assert.equal(refund.status, 202, 'precondition: our refund of 2.00 is processed offline (81)');
      // The acquirer declines our refund: its level and the order say 94.
      platform.levelSays(platform.levels.length, '94');

      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200);
      const synced = (await sync.json()) as {
        state: string;
        refundedAmount: number;
        operations: Array<{ amount: number; status: string }>;
      };
      assert.deepEqual(
        { state: synced.state, refundedAmount: synced.refundedAmount },
        { state: 'partially_refunded', refundedAmount: 300 },
        JSON.stringify(synced.operations),
      );
    });
  });
}
