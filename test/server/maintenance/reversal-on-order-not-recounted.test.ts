/**
 * Found by review r1585 (2026-12-07), now fixed.
 *
 * What is wrong: server/maintenance/sync.ts backOfficeRefund now reads an order's history levels
 * for a back-office refund whenever the head answer names levels (PAYIDSUB > 0) and nothing is
 * counted refunded (`nothingRefundedYet`), whatever the order's STATUS. A back-office refund of
 * 5.00 is counted by a sync (order STATUS 8); the acquirer then takes it back and the platform
 * shows the reversal on the order alone (STATUS 94, the refund's level still says 8 —
 * docs/ogone-protocol.md §6: the guides do not say where a reversal is written). The next sync
 * correctly counts it back (refundedAmount 0, payment.refund_reversed). But the sync after that
 * sees "nothing refunded" and an order naming levels, reads level 2's 8 again and counts the 5.00
 * refunded once more (payment.refunded); the next sync reverses it again, and so on: every sync
 * flips the payment between partially_refunded 5.00 and captured 0, each time with a webhook.
 * Before this change a 94 head was never read as a refund here.
 *
 * Why it matters: the ledger, the API and the merchant's systems (through webhooks) are told the
 * shopper was refunded 5.00 again and again, then not; the amount left refundable changes with
 * each "Sync with Ogone" press or reconciler round; a merchant reconciling from webhooks counts
 * the refund and its reversal several times (README "Webhooks": one event per change).
 *
 * Expectation: once the reversal is counted, further syncs of an unchanged platform change
 * nothing: the payment stays captured with 19.99 captured and 0 refunded, and exactly one
 * payment.refunded and one payment.refund_reversed were emitted.
 *
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels of an order whose STATUS
 * is no refund done only when that STATUS says a later refund is pending, uncertain or refused
 * (81, 82, 83), never under a reversal (94).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office refund taken back on the order alone, then synced again (${kind})`, () => {
    const platform = historyLevels();
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

    it('stays reversed: repeated syncs count the refund neither again nor twice', async () => {
      const t = app.t;
      const { sync, read, eventTypes } = await paidThroughLevels(app, platform, { status: 5 });
      const money = async () => {
        const d = await read();
        return [d.state, d.capturedAmount, d.refundedAmount];
      };

      // Back office: capture all, refund 5.00; a sync counts them.
      platform.backOffice({ status: '9', amount: '19.99' });
      platform.backOffice({ status: '8', amount: '5.00' });
      await sync();
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'precondition: the back-office refund is counted');

      // The acquirer takes the 5.00 back, shown on the order alone.
      platform.orderSays('94');
      const seen: unknown[] = [];
      for (let round = 0; round < 4; round++) {
        t.clock.advance(60_000);
        await sync();
        seen.push(await money());
      }
      const events = await eventTypes();
      const count = (type: string) => events.filter((e) => e === type).length;
      assert.deepEqual(
        { afterEachSync: seen, refunded: count('payment.refunded'), reversed: count('payment.refund_reversed') },
        { afterEachSync: Array(4).fill(['captured', 1999, 0]), refunded: 1, reversed: 1 },
        `the platform is unchanged after the reversal, yet syncs read ${JSON.stringify(seen)} and emitted ${JSON.stringify(events)}`,
      );
    });
  });
}
