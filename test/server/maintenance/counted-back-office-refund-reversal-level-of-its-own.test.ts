/**
 * Found by review r1675 (2026-12-07), now fixed.
 * The fix: the levels none of ours holds are read when they account for the refunds counted without an operation: the reversal's own level names the refund it took back
 *
 * Review r1675 (2026-12-07): a reversal written on a level of its own no longer takes back the
 * back-office refund it reversed once that refund was counted.
 *
 * What is wrong: server/maintenance/sync.ts `backOfficeRefund` (since the r1657 change) reads the
 * refund levels under a reversal on its own level whatever is counted, and
 * server/feedback/apply-answer.ts `standingAfterReversal` keeps what their sum says. But
 * `takenBackRefunds` does not weigh the levels none of ours holds while a refund is counted
 * without an operation, so nothing marks the refund level that the reversal took back: its
 * level, still saying 8, is summed as standing, and the reversal takes back nothing.
 *
 * docs/ogone-protocol.md §6 ("94 and 96 undo a refund"): the guides do not say whether the
 * platform writes a reversal on the refund's level or on a level of its own; "one of its own that
 * says 94 / 96 takes back the newest done refund below it of its very amount". The very same
 * platform state read by a first sync (nothing counted yet) is read that way: the 5.00 is never
 * counted (case 1's first assertion). Read after a sync counted the 5.00, the merchant's ledger
 * keeps saying 5.00 went back to the shopper while the acquirer took that refund back and the
 * money stayed with the merchant; the API's refundable amount is short by it. Before e394c61 case 1
 * read 0 (the refund taken back).
 *
 * Case 1: sale 19.99; back office refunds 5.00 (level 1, STATUS 8), a sync counts it; then a
 * level 2 says 94 for 5.00 (the order says 94). Expected: captured, 0 refunded, one
 * payment.refund_reversed — as a first sync of the same levels reads them (nothing refunded).
 * Case 2: 5.00 and 2.00 refunded (levels 1, 2) and counted (7.00); a level 3 says 94 for 2.00.
 * Expected: partially_refunded 5.00 (only the 2.00 taken back), sync after sync.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

describe('r1675: a reversal on a level of its own, of a back-office refund counted before', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  const paidSale = () => paidThroughLevels(app, platform, { status: 9 });

  it('takes back the 5.00 its level of its own reverses, as a first sync of the same levels does', async () => {
    const first = await paidSale();
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '94', amount: '5.00' });
    assert.equal(await first.sync(), 'captured 0', 'precondition: read at once, the reversal takes the 5.00 back');

    const payment = await paidSale();
    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await payment.sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '94', amount: '5.00' });
    const after = [await payment.sync(), await payment.sync()];
    const types = (await payment.eventTypes()).filter((type) => type.startsWith('payment.refund'));
    assert.deepEqual(
      { after, reversed: types.filter((type) => type === 'payment.refund_reversed').length },
      { after: ['captured 0', 'captured 0'], reversed: 1 },
      `level 2 (94, 5.00) took back level 1's 5.00, yet the syncs read ${JSON.stringify(after)}, events ${JSON.stringify(types)}`,
    );
  });

  it('takes back only the 2.00 its level of its own reverses', async () => {
    const payment = await paidSale();
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    assert.equal(await payment.sync(), 'partially_refunded 700', 'precondition: both back-office refunds are counted');
    platform.backOffice({ status: '94', amount: '2.00' });
    const after = [await payment.sync(), await payment.sync(), await payment.sync()];
    assert.deepEqual(
      after,
      ['partially_refunded 500', 'partially_refunded 500', 'partially_refunded 500'],
      `level 3 (94, 2.00) took back level 2's 2.00, yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
