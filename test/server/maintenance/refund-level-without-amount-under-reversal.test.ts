/**
 * Found by review r1680 (2026-12-07), now fixed.
 * The fix: under a reversal, a done refund level without AMOUNT leaves the levels' sum unread at every sync, whatever is counted
 *
 * Review r1680 (2026-12-07): under a reversal on its own level, a refund level that states no
 * AMOUNT makes one sync take every refund back and the next count them again — the r1657
 * back-and-forth, through the guard added with its fix.
 *
 * What is wrong: server/maintenance/sync.ts `backOfficeRefund` gives up the levels' sum under a
 * reversal when a done refund level states no amount — but only while something is counted
 * (`!nothingRefundedYet`). The rules without levels then take back every refund (0 refunded,
 * payment.refund_reversed); the next sync, nothing counted now, skips the guard, sums the levels
 * stating an amount and counts level 1's 5.00 again (a second payment.refunded). Each later sync
 * keeps that; nothing on the platform changed between the three syncs.
 *
 * docs/ogone-protocol.md §9: "A done refund level that does not state its AMOUNT leaves that sum
 * short: the rules without levels decide then, as before" — and the levels' sum "is all the back
 * office refunded, so a later sync counts nothing twice"; review r1657 (same section) names the
 * reversal followed by "a second payment.refunded" as the defect it removed. Why it matters: the
 * merchant's webhooks say the shopper's 5.00 came back, then was refunded again; between the two
 * syncs the API lets the merchant refund what the shopper already got back.
 *
 * Sale 19.99; back office refunds 5.00 (level 1, counted), then a refund whose level states no
 * AMOUNT (level 2), then 2.00 (level 3) taken back by the acquirer (level 3 and the order say
 * 94). Expected: three syncs of the unchanged platform read the same thing, and level 1's refund
 * is announced by one payment.refunded only.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

describe('r1680: a refund level without AMOUNT below a reversal on its own level', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('reads the unchanged levels the same way at every sync', async () => {
    const { sync, eventTypes } = await paidThroughLevels(app, platform, { status: 9 });

    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '8', amount: '' });
    await sync();
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(3, '94');
    const after = [await sync(), await sync(), await sync()];
    const types = (await eventTypes()).filter((type) => type.startsWith('payment.refund')).reverse();
    assert.deepEqual(
      { sameReading: new Set(after).size === 1, refundedEvents: types.filter((type) => type === 'payment.refunded').length },
      { sameReading: true, refundedEvents: 1 },
      `the platform did not change between the syncs, yet they read ${JSON.stringify(after)}; events ${JSON.stringify(types)}`,
    );
  });
});
