/**
 * A late customer's cancel (STATUS 1) after a 52 ("authorisation not known") or a 51
 * ("authorisation waiting") changes nothing: the reconciler goes on asking about the 52 / 51.
 *
 * A customer's cancel ends a try before any authorisation of it (shared/status.ts); a 52 or 51 is
 * a try whose authorisation was asked for, so a 1 after it is an earlier try's (a deferred
 * feedback, a replayed redirect). Review r1381 found it making the payment `cancelled`, last
 * STATUS 1, final for the reconciler, and the session free for a second payment, against
 * docs/ogone-protocol.md §6 "Uncertain is not refused" (52 and 92 "stay pending and unresolved"):
 * had the platform accepted the 52, the shopper was charged and the merchant told
 * `payment.cancelled`. (A 2 after a 51 or 52 may be its own end, and applies.)
 *
 * Expected: after a 52 (or 51) then a late 1, the reconciler still claims the payment once
 * RECONCILE_AFTER_SECONDS have passed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';

describe('a late customer cancel after a 52 / 51', () => {
  const t = useTestApp('sqlite');

  const claimable = async (reference: string) => {
    const now = t.clock.now().getTime();
    const claimed = await t.repository.claimForSync({
      statuses: UNRESOLVED_STATUSES,
      changedBefore: new Date(now - 900_000).toISOString(),
      limit: 50,
      leaseMs: 1_000,
    });
    return claimed.includes(reference);
  };

  for (const unresolved of [52, 51]) {
    it(`a ${unresolved} then a late 1: the reconciler still asks about the ${unresolved}`, async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
      assert.equal((await postServerFeedback(t, feedbackFor(reference, unresolved))).status, 200);
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 1, { PAYID: '0', ACCEPTANCE: '' }))).status, 200);
      const payment = await t.repository.getTransaction(reference);
      t.clock.advance(3_600_000);
      assert.equal(
        await claimable(reference),
        true,
        `after ${unresolved} then a late 1 the reconciler no longer queries the payment (state ${payment?.state}, last STATUS ${payment?.lastStatus}, syncNeeded ${payment?.syncNeeded})`,
      );
    });
  }
});
