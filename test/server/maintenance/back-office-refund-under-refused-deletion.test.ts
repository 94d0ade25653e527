/**
 * Found by review r1617 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels of any order naming levels, whatever its STATUS (71/72/73 included), except under a reversal shown on the order alone.
 *
 * r1617 — a refund of ours carried out as a payment deletion and refused (73) hides a refund the
 * back office made before it: never counted, where the same refund refused as 83 is.
 *
 * What is wrong: `backOfficeRefund` (server/maintenance/sync.ts) reads the refund history levels,
 * while nothing is counted refunded, when the order's STATUS says a later refund is pending,
 * uncertain or refused — `REFUND_NOT_DONE`, which lists 81, 82 and 83 only. The ledger reads a
 * refund's own statuses wider (server/domain/ledger.ts: PROCESSING refund [81, 71], REFUSED refund
 * [83, 94, 73] — "73: the payment deletion a refund became (7 / 74 settle it as done) was
 * refused"). Our capture of 19.99 is done; the back office refunds 3.00 (level 2, STATUS 8); our
 * refund of 2.00 through the API is processed as a payment deletion (answered 71 on level 3) and
 * then refused (73, the order 73). The sync fails ours, and — ours failed, so `backOfficeLevels`
 * counts nothing of the kind, and 73 not in `REFUND_NOT_DONE` — never reads level 2: the payment
 * stays `captured`, 0 refunded. With the very same history answered 81 then 83, the 3.00 is counted
 * (partially_refunded, 3.00).
 *
 * Why it matters: docs/ogone-protocol.md §9 (captures and refunds made in the back office: "while
 * nothing is counted refunded, the refund levels of an order naming levels are read when its
 * STATUS says a later refund is pending, uncertain or refused … it replaced the back office's 8;
 * review r1569") and §6 (71 "Payment deletion pending", 72 "uncertain", 73 "refused" are the
 * refund's statuses when the platform deletes the payment instead, [ST]). The shopper got 3.00
 * back that the ledger, the dashboard and `payment.refunded` never show, and a refund of "the rest"
 * is planned on 19.99.
 *
 * Expectation: after the sync, 3.00 is refunded (`partially_refunded`), our refused 2.00 not, on
 * SQLite and on PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a back-office refund below our refund whose payment deletion was refused (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, '3016171');
    // Our refund is carried out as a payment deletion: 71 (pending) on its level and the order.
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (level.status === '8') {
        level.status = '71';
        platform.orderSays('71');
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };

    it('the sync counts the 3.00 the back office refunded', async () => {
      const reference = await authorised();
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 200, 'precondition: our capture of 19.99 is done');
      platform.backOffice({ status: '8', amount: '3.00' });
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 200 } });
      assert.equal(refund.status, 202, 'precondition: our refund of 2.00 is pending (71)');
      // The payment deletion is refused: its level and the order say 73.
      platform.levelSays(platform.levels.length, '73');

      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200);
      const synced = (await sync.json()) as {
        state: string;
        refundedAmount: number;
        operations: Array<{ amount: number; status: string }>;
      };
      assert.deepEqual(
        {
          state: synced.state,
          refundedAmount: synced.refundedAmount,
          ours: synced.operations.filter((op) => op.amount === 200).map((op) => op.status),
        },
        { state: 'partially_refunded', refundedAmount: 300, ours: ['failed'] },
      );
    });
  });
}
