/**
 * Found by review r1716 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts backOfficeRefund leaves the levels' sum unread under a reversal whenever a reversal level states no AMOUNT, whatever is counted, so every sync reads what the rules without levels read.
 *
 * Review r1716 (2026-12-07). Not a regression of d1a9475 (it failed before it too): a defect of the
 * same rules that d1a9475 left.
 *
 * What is wrong: a refund reversal (94) on a level of its own that states no AMOUNT, beside
 * back-office refunds counted from the levels, makes every sync undo the one before it.
 * server/maintenance/sync.ts `takenBackRefunds` cannot weigh the amount-less 94 level (`readable`
 * false, `seen` false), so the first sync reads the order's 94 by the rules without operations:
 * every refund is taken back (0). The next sync finds nothing counted, and `backOfficeRefund`
 * (reversal on its own level, `nothingRefundedYet`) sums the done levels again: 7.00 counted. The
 * next one sees 7.00 counted, `reversalRead` false: back to 0 — sync after sync, each with a webhook.
 * d1a9475 made a done refund level without AMOUNT read "at every sync alike" (review r1680) but not
 * a reversal level without AMOUNT.
 *
 * Why it matters: the merchant's webhook endpoint receives payment.refund_reversed and
 * payment.refunded for the same 7.00 at every reconciler round or manual sync, without end; the
 * ledger, the API's refundable amount and the dashboard alternate between "7.00 refunded" and
 * "nothing refunded" (the merchant may refund again what was already given back).
 * docs/ogone-protocol.md §9: the levels' sum "is all the back office refunded, so reading it again
 * counts nothing twice", and the reading under a reversal whose sum is short is made "at every
 * sync alike"; §6: "a level that states no AMOUNT says nothing of whose it is".
 *
 * Sale 19.99; back office refunds 5.00 (level 1) and 2.00 (level 2), counted by a sync; a level 3
 * says 94 without AMOUNT (the order says 94). Expected: the four syncs after it read the same
 * state, and no second payment.refunded is announced.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

for (const kind of DATABASE_KINDS) {
  describe(`r1716 (${kind}): a reversal on a level of its own that states no AMOUNT`, () => {
    const platform = historyLevels();
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

    it('is read alike by every sync, the refunds announced once', async () => {
      const { sync, eventTypes } = await paidThroughLevels(app, platform, { status: 9 });
      platform.backOffice({ status: '8', amount: '5.00' });
      platform.backOffice({ status: '8', amount: '2.00' });
      assert.equal(await sync(), 'partially_refunded 700', 'precondition: both back-office refunds are counted');
      platform.backOffice({ status: '94', amount: '' });
      const after = [await sync(), await sync(), await sync(), await sync()];
      const refunded = (await eventTypes()).filter((type) => type === 'payment.refunded').length;
      assert.deepEqual(
        { alike: after.every((reading) => reading === after[0]), refunded },
        { alike: true, refunded: 1 },
        `the same levels, yet the syncs read ${JSON.stringify(after)} and announced payment.refunded ${refunded} times`,
      );
    });
  });
}
