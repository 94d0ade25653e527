/**
 * an earlier try's late 46 takes the place of a later try's 91; that try's own later 2 then
 * declines the payment for good, and the 91 (the shopper's money) is never asked about again.
 *
 * Found by review r1402, now fixed (feedback/decide.ts endOfEarlierTry covers the page's whole stage). What was wrong: the page's tries each have their own PAYID (docs/ogone-protocol.md §9 "Another try
 * on the page"; a 3-D Secure authentication left open, 46, does not end the page). Try A waits on its
 * 3-D Secure (46, PAYID A); the shopper goes back and pays with another card, try B, "payment
 * processing" (91, PAYID B). A's 46 reaches us late (a deferred feedback, a replayed redirect) — after
 * B's 91: feedback/decide.ts records it as "same state, newer detail" (recordsLastStatus lets an
 * unresolved STATUS replace an unresolved one) and the payment's last STATUS becomes 46 with A's
 * PAYID. When the platform later ends A (its 3-D Secure abandoned: 2, PAYID A — the platform's
 * post-sale request), endOfEarlierTry (commit 462ae14) takes it as the payment's own try's end,
 * because its PAYID is now the payment's and 46 is "before its authorisation": the payment becomes
 * `declined` with a feedback 2 as its last STATUS, which the reconciler never asks about again
 * (hosted-page-tries.ts: "a 2 by feedback needs none of this"). B's 91 becomes a 9 at the platform.
 *
 * Why it matters: the shopper is charged (B), the merchant is told `payment.declined` and the order
 * is never shipped; nothing ever reads B's outcome. endOfEarlierTry's own comment names this harm
 * (reviews r1366, r1380, r1381): an earlier try's end must change nothing while a later try's
 * unresolved STATUS waits.
 *
 * Expected: after 91 (PAYID B), a late 46 (PAYID A) and A's 2 (PAYID A), the payment is not
 * `declined`: it stays pending, and the reconciler still claims it once RECONCILE_AFTER has passed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';

describe("R1402 an earlier try's late 46 then its 2, after a later try's 91", () => {
  const t = useTestApp('sqlite');

  it('the later try’s 91 is not forgotten', async () => {
    const TRY_A = '3000001';
    const TRY_B = '3000002';
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 91, { PAYID: TRY_B }))).status, 200);
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 46, { PAYID: TRY_A }))).status, 200);
    const afterLate46 = await t.repository.getTransaction(reference);
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 2, { PAYID: TRY_A }))).status, 200);
    const payment = await t.repository.getTransaction(reference);
    t.clock.advance(3_600_000);
    const now = t.clock.now().getTime();
    const claimed = await t.repository.claimForSync({
      statuses: UNRESOLVED_STATUSES,
      changedBefore: new Date(now - 900_000).toISOString(),
      limit: 50,
      leaseMs: 1_000,
    });
    assert.deepEqual(
      { state: payment?.state, queriedAgain: claimed.includes(reference) },
      { state: 'pending', queriedAgain: true },
      `after 91 (${TRY_B}), a late 46 (${TRY_A}) [then last STATUS ${afterLate46?.lastStatus}, PAYID ${afterLate46?.payid}] and try A's 2: ` +
        `now ${payment?.state}, last STATUS ${payment?.lastStatus}, PAYID ${payment?.payid}, syncNeeded ${payment?.syncNeeded}`,
    );
  });
});
