/**
 * Found by review r1679 (2026-12-07), now fixed.
 * The fix: the reversal's own level is read beside a back-office refund counted without an operation: it takes back no refund of ours of another amount
 *
 * Review r1679 (2026-12-07): beside a back-office refund counted without an operation, a reversal
 * on a level of its own takes back a refund of ours whose level still says 8 — for good — and the
 * next sync counts the back office's refund again.
 *
 * What is wrong: server/maintenance/sync.ts `takenBackRefunds` reads no level none of ours holds
 * while a refund is counted without an operation, so the reversal (level 3, 94) is read as
 * nobody's and the rules without operations take back every done refund, ours included (marked
 * failed, though its own level — which the same sync reads — says 8). The next sync finds none of
 * ours standing, and `backOfficeRefund` (r1657: reads under a reversal on its own level while none
 * of ours stands) counts level 1's 5.00 again; our 3.00 is never counted again.
 *
 * docs/ogone-protocol.md §6 ("94 and 96 undo a refund"): the query reads "each done refund's own
 * level ...: one that says 94 / 96 is undone ... and the others stay refunded"; a level of its own
 * "takes back the newest done refund below it of its very amount, if any" — here none (2.00).
 * §9: the levels' sum "is all the back office refunded, so a later sync counts nothing twice".
 * Why it matters: the shopper got 8.00 back (levels 1 and 2 say 8), the ledger ends at 5.00 with
 * the merchant's own 3.00 refund shown failed: the API lets the merchant refund it again, paying
 * the shopper twice; the webhooks announce the 5.00 refunded twice, with a reversal between.
 *
 * Sale 19.99; back office refunds 5.00 (level 1), counted by a sync; we refund 3.00 (level 2,
 * done); back office refunds 2.00 (level 3), taken back by the acquirer (level 3 and the order
 * say 94). Expected after three syncs: partially_refunded 8.00, our refund done.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

describe('r1679: a refund of ours beside a counted back-office refund, then a reversal on a level of its own', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it("keeps our refund done and counts the back office's once", async () => {
    const t = app.t;
    const { reference, read, sync } = await paidThroughLevels(app, platform, { status: 9 });

    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    const refund = await t.api(`/api/transactions/${reference}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'r1679-refund' },
      body: JSON.stringify({ amount: 300 }),
    });
    assert.equal(refund.status, 200, `precondition: our refund is made: ${(await refund.clone().text()).slice(0, 200)}`);
    assert.equal(`${(await read()).state} ${(await read()).refundedAmount}`, 'partially_refunded 800', 'precondition: 8.00 refunded');

    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(3, '94');
    const after = [await sync(), await sync(), await sync()];
    const ours = (await read()).operations.filter((op) => op.kind === 'refund' && op.origin !== 'back_office').map((op) => op.status);
    assert.deepEqual(
      { after, ours },
      { after: ['partially_refunded 800', 'partially_refunded 800', 'partially_refunded 800'], ours: ['done'] },
      `levels 1 and 2 (ours) still say 8, only level 3's 2.00 was taken back, yet the syncs read ${JSON.stringify(after)} ` +
        `with our refund ${JSON.stringify(ours)}`,
    );
  });
});
