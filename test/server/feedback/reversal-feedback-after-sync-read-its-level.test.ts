/**
 * Found by review r1676 (2026-12-07), now fixed.
 * The fix: the sync records the reversal's level as the back office's failed refund and leaves what the levels' sum says standing; the 94 naming that level then undoes nothing
 *
 * Review r1676 (2026-12-07): the 94's own status-change feedback, arriving after a sync read the
 * reversal, takes back the refund that sync left standing; the next sync counts it again.
 *
 * What is wrong: r1657's fix (server/maintenance/sync.ts backOfficeRefund, apply-answer.ts
 * standingAfterReversal) lets a sync read a reversal on its own level as taking back only that
 * level's refund, but the feedback of the very same 94 (server/feedback/with-operations.ts, the
 * rules without operations: a 94 naming a level no operation holds) still takes back every refund
 * counted, though a query already read that STATUS and found it explained by level 2. The next
 * sync, nothing counted now and the reversal on its own level, reads level 1 again and counts it:
 * the exact sequence review r1657 removed (docs/ogone-protocol.md §9: "before, everything went
 * back and the next sync counted the refunds below it again, with a second payment.refunded").
 *
 * Why it matters: with status-change requests on (Ogone e-Commerce Advanced integration guide
 * §9.3.1.1, the URL for "status changes"; docs/ogone-protocol.md §5), Ogone sends this 94 to the shop
 * whenever the acquirer reverses a refund — the ordinary case, not a corner. The merchant's
 * webhooks say the shopper's 5.00 came back to the merchant (payment.refund_reversed) and was
 * then refunded a second time (a second payment.refunded); for the time between, the ledger says
 * nothing refunded and the API lets the merchant refund the 5.00 again. The 94 is final, so the
 * reconciler never asks about the payment again: without a sync by hand it stays so (checked in
 * review with three reconciler rounds: none queried it). §9: the levels' sum "is
 * all the back office refunded, so a later sync counts nothing twice".
 *
 * Sale 19.99; back office refunds 5.00 (level 1), counted by a sync; then 2.00 (level 2), taken
 * back by the acquirer: level 2 and the order say 94; a sync reads it (5.00 stands); then the 94's
 * feedback (PAYIDSUB 2) arrives; two more syncs.
 * Expected: partially_refunded 5.00 throughout, and one payment.refunded, no payment.refund_reversed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

describe('r1676: the 94 feedback after a sync read the reversal on its own level', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('leaves the first refund standing, announced once', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '9');
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
    const read = async () => {
      const r = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; refundedAmount: number };
      return `${r.state} ${r.refundedAmount}`;
    };
    const sync = async () => {
      const answer = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(answer.status, 200, `precondition: the sync answers: ${(await answer.clone().text()).slice(0, 200)}`);
      return read();
    };

    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.levelSays(2, '94');
    assert.equal(await sync(), 'partially_refunded 500', "precondition: the sync reads the reversal as level 2's (r1657)");

    const feedback = await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }));
    assert.equal(feedback.status, 200, 'precondition: the feedback is accepted');
    const afterFeedback = await read();
    const after = [afterFeedback, await sync(), await sync()];
    const events = (await (await t.api(`/api/events?reference=${reference}`)).json()) as { data: Array<{ type: string }> };
    const types = events.data
      .map((e) => e.type)
      .filter((type) => type.startsWith('payment.refund'))
      .reverse();
    assert.deepEqual(
      { after, types },
      { after: ['partially_refunded 500', 'partially_refunded 500', 'partially_refunded 500'], types: ['payment.refunded'] },
      `level 1's 5.00 still stands (STATUS 8), yet after the 94's feedback the ledger read ${JSON.stringify(after)} ` +
        `and the events were ${JSON.stringify(types)}`,
    );
  });
});
