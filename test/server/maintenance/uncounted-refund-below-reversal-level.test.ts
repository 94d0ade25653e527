/**
 * Found by review r1681 (2026-12-07), now fixed.
 * The fix: the levels' sum under a reversal on its own level is what stands, not capped at what was counted
 *
 * Review r1681 (2026-12-07): a back-office refund made after the last sync, below a reversal on
 * a level of its own, is never counted: every sync leaves the ledger short by it.
 *
 * What is wrong: server/feedback/apply-answer.ts `withPlatformRefund` (e394c61) hands the
 * reversal to `standingAfterReversal` with `Math.min(amount, current.refundedAmount)`: what the
 * levels' sum says stands is capped at what was counted before. A refund the back office made
 * since (its level saying 8, below the reversal) raises the sum but is cut off by that cap, and
 * since the order keeps saying 94 on its own level, the next syncs do the same, for good.
 *
 * docs/ogone-protocol.md §9 (refunds made in the back office): the refund levels of an order
 * naming levels are read "and their sum is all the back office refunded"; a reversal on a level of
 * its own "leaves the refunds below it standing ... the levels' sum then says what stands — only
 * the reversed level's refund goes back". Before e394c61 the same sequence ended at 8.00 (after a
 * back-and-forth). Why it matters: the shopper got 8.00 back (levels 1 and 2 say 8), the ledger
 * says 5.00 and the API lets the merchant refund 14.99 — 3.00 more than is left to refund.
 *
 * Sale 19.99; back office refunds 5.00 (level 1), counted by a sync; then 3.00 (level 2) and 2.00
 * (level 3), the 2.00 taken back by the acquirer (level 3 and the order say 94) before the next
 * sync. Expected: three syncs each read partially_refunded 8.00.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

describe('r1681: a back-office refund not yet counted, below a reversal on its own level', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('is counted', async () => {
    const { sync } = await paidThroughLevels(app, platform, { status: 9 });

    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '8', amount: '3.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(3, '94');
    const after = [await sync(), await sync(), await sync()];
    assert.deepEqual(
      after,
      ['partially_refunded 800', 'partially_refunded 800', 'partially_refunded 800'],
      `levels 1 and 2 say 8 (5.00 and 3.00), only level 3's 2.00 was taken back, yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
