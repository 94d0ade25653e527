/**
 * Found by review r1657 (2026-12-07), now fixed.
 * The fix: the levels none of ours holds are read when they account for the refunds counted
 * without an operation (sync.ts takenBackRefunds), so the reversal's own level names the refund it
 * took back, and the levels' sum is what stands (apply-answer.ts withRefundsStanding).
 *
 * Review r1657: a reversal on a level of its own takes back a back-office refund counted earlier,
 * then the next sync counts it again: the refund goes back and forth, its events twice.
 *
 * What is wrong: server/maintenance/sync.ts `backOfficeRefund` / `reversalOnItsLevel` and the
 * reversal's reading in server/feedback/with-operations.ts. A sale of 19.99: the back office
 * refunds 5.00 (level 1: STATUS 8), a sync counts it (partially_refunded, 500). Then the back office
 * refunds 2.00 (level 2) and the acquirer takes that one back: level 2 and the order say 94. The
 * next sync takes back the 5.00 of level 1 (refundedAmount 0, state captured,
 * `payment.refund_reversed`) although level 1 still says 8; the sync after it, nothing counted now
 * and the reversal on its own level, reads level 1 again and counts the 5.00 once more (a second
 * `payment.refunded` for the same refund). The merchant's books and webhooks say the shopper's
 * 5.00 came back, then was refunded again.
 *
 * Why it matters: docs/ogone-protocol.md §9 (back-office operations): "A reversal on a level of its
 * own (the level the order's PAYIDSUB names says 94 too) leaves the refunds below it standing",
 * and the levels' sum "is all the back office refunded, so a later sync counts nothing twice".
 * DirectLink guide §5.1.2: each history level has its own STATUS; level 1 never stopped saying 8.
 * README (webhooks): events announce what happened to the money once.
 *
 * The same when the 2.00 was counted too before its reversal (700, then 0, then 500): the
 * reversal of level 2's refund takes back both.
 *
 * Expectation: every sync leaves the payment partially refunded 5.00, and its events are one
 * payment.refunded, no payment.refund_reversed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

describe('r1657: a counted back-office refund, then a second one reversed on its own level', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('leaves the first refund counted, sync after sync, announced once', async () => {
    const { sync, eventTypes } = await paidThroughLevels(app, platform, { status: 9 });

    // In the back office: 5.00 refunded (level 1), read by a sync.
    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');

    // Then 2.00 refunded (level 2), taken back by the acquirer: level 2 and the order say 94.
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(2, '94');
    const after = [await sync(), await sync(), await sync()];
    const types = (await eventTypes()).filter((type) => type.startsWith('payment.refund'));
    assert.deepEqual(
      { after, types },
      { after: ['partially_refunded 500', 'partially_refunded 500', 'partially_refunded 500'], types: ['payment.refunded'] },
      `level 1's refund (STATUS 8) still stands under level 2's reversal, yet the syncs read ${JSON.stringify(after)} ` +
        `and the events were ${JSON.stringify(types)}`,
    );
  });
});

describe('r1657: two counted back-office refunds, the second reversed on its own level', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('takes back the second only, sync after sync', async () => {
    const { sync } = await paidThroughLevels(app, platform, { status: 9 });
    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the first back-office refund is counted');
    platform.backOffice({ status: '8', amount: '2.00' });
    assert.equal(await sync(), 'partially_refunded 700', 'precondition: the second back-office refund is counted');

    platform.levelSays(2, '94');
    const after = [await sync(), await sync(), await sync()];
    assert.deepEqual(
      after,
      ['partially_refunded 500', 'partially_refunded 500', 'partially_refunded 500'],
      `only level 2's refund was taken back (level 1 still says 8), yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
