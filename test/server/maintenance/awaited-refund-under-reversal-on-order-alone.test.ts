/**
 * Found by review r1677 (2026-12-07), now fixed.
 * The fix: under a reversal shown on the order alone the levels' sum is never read, a refund awaiting the query included: the rules without levels decide at every sync
 *
 * Review r1677 (2026-12-07): a sync answering a refund feedback's question (awaits_query) reads a
 * reversal shown on the order alone as taking nothing back, and clears the question; the next
 * sync reads the same answer as every refund taken back.
 *
 * What is wrong: server/feedback/apply-answer.ts `withPlatformRefund` hands any decision that
 * lowers the refunded amount to `standingAfterReversal` (new in e394c61), meant for a reversal on
 * a level of its own (sync.ts reversalOnItsLevel). It does not check that: backOfficeRefund also
 * sums the levels when a feedback left the payment to the query (`awaitsQuery`), whatever the
 * order says — here a 94 shown on the order alone, its level still saying 8. The levels' sum
 * (7.00, capped at the 5.00 counted) then "stands", the reversal is dropped, and awaits_query is
 * cleared. The next sync, the question gone, applies the rules without operations: 0 refunded.
 *
 * docs/ogone-protocol.md §9 (refunds read from the levels): "Not under a reversal (94, 96) shown
 * on the order alone, its level still saying 8: that refund may be the one it took back"; §6: then
 * "the rule is the one without operations: all done refunds are taken back, never a reversal
 * lost". The same platform state read without the refund's feedback gives 0 at the first sync.
 * Why it matters: for a round the ledger says 5.00 refunded with the question cleared (the API
 * no longer refuses a refund with 409, §9), then the next sync changes its mind with a
 * payment.refund_reversed: two syncs of one unchanged answer disagree about the merchant's money.
 *
 * Sale 19.99; back office refunds 5.00 (level 1), counted by a sync; then 2.00 (level 2), whose
 * status-change feedback (8) leaves the payment to the query; then the acquirer's reversal is shown
 * on the order alone (order 94, level 2 still 8). Expected: each of three syncs reads what the
 * rules say for a reversal on the order alone, as a sync reads the same state without the
 * feedback (today: captured, 0 refunded).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels } from './history-levels.ts';

const PAYID = '3014726';

describe('r1677: a refund awaiting the query, then a reversal shown on the order alone', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  const paidSale = () => paidThroughLevels(app, platform, { status: 9 });

  it('reads the same answer the same way at every sync', async () => {
    const without = await paidSale();
    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await without.sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.orderSays('94');
    // What a sync reads of this platform state without the feedback (the rules for a reversal on
    // the order alone: every refund taken back), read again to be sure it is settled.
    const reading = await without.sync();
    assert.equal(await without.sync(), reading, 'precondition: without the feedback, syncs agree');

    const payment = await paidSale();
    platform.backOffice({ status: '8', amount: '5.00' });
    assert.equal(await payment.sync(), 'partially_refunded 500', 'precondition: the back-office refund is counted');
    platform.backOffice({ status: '8', amount: '2.00' });
    const feedback = await app.feedback(feedbackFor(payment.reference, 8, { PAYID, PAYIDSUB: '2' }));
    assert.equal(feedback.status, 200, 'precondition: the refund feedback is accepted');
    const awaiting = (await (await app.t.api(`/api/transactions/${payment.reference}`)).json()) as { amountsAwaitQuery?: boolean };
    assert.equal(awaiting.amountsAwaitQuery, true, 'precondition: the feedback left the refund to the query');
    platform.orderSays('94');
    const after = [await payment.sync(), await payment.sync(), await payment.sync()];
    assert.deepEqual(
      after,
      [reading, reading, reading],
      `one unchanged answer (order 94 on no level), read ${reading} without the feedback, yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
