/**
 * Found by review r1678 (2026-12-07), now fixed.
 * The fix: the refunds standing under a reversal set the state from the amounts, the capture counted by the same sync included
 *
 * Review r1678 (2026-12-07): a reversal read in the same sync as a back-office capture that
 * reopened a refunded payment leaves it `refunded`, with more captured than refunded.
 *
 * What is wrong: server/feedback/apply-answer.ts `standingAfterReversal` (new in e394c61) strips
 * the decision's `state` and, when the levels' sum says nothing more goes back, returns without
 * one. The capture this same sync counted (withPlatformCapture, from sync.ts backOfficeCapture) reopened
 * the payment — `withPlatformRefund` weighs that through `reopenedByCapture`, but only on the
 * path standingAfterReversal now skips — so the payment stays `refunded` with 15.00 captured and
 * 10.00 refunded.
 *
 * docs/ogone-protocol.md §9 (refunds made in the back office): "if the history levels show one
 * [a capture after a refund of everything captured], we count what they say — the capture, then
 * the refunds — and the `refunded` payment is `partially_refunded` again". §6: `refunded` is
 * everything captured refunded. Why it matters: a `refunded` payment is final for the merchant
 * (dashboard, API state filter, webhooks' data), while 5.00 of the shopper's money is still held
 * by the merchant; the ledger contradicts its own amounts.
 *
 * Authorisation 19.99 (RES); in the back office: capture 10.00 (level 1), refund 10.00 (level 2),
 * counted by a sync (refunded). Then capture 5.00 (level 3), refund 2.00 (level 4) taken back by
 * the acquirer (level 4 and the order say 94). Expected after each of two syncs:
 * partially_refunded, 15.00 captured, 10.00 refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels, stateCapturedAndRefunded } from './history-levels.ts';

describe('r1678: a back-office capture reopening a refunded payment, beside a reversal on its own level', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('is partially_refunded again', async () => {
    const { sync } = await paidThroughLevels(app, platform, { status: 5 });

    platform.backOffice({ status: '9', amount: '10.00' });
    platform.backOffice({ status: '8', amount: '10.00' });
    assert.equal(await sync(stateCapturedAndRefunded), 'refunded 1000 1000', 'precondition: the capture and its full refund are counted');

    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(4, '94');
    const after = [await sync(stateCapturedAndRefunded), await sync(stateCapturedAndRefunded)];
    assert.deepEqual(
      after,
      ['partially_refunded 1500 1000', 'partially_refunded 1500 1000'],
      `15.00 captured and 10.00 refunded (level 4's 2.00 taken back), yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
