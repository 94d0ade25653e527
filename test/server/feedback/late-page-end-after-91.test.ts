/**
 * A late STATUS 2 (a refused try of the page), or 0 ("invalid or incomplete"), received after the
 * payment's 91 ("payment processing") or 92 ("payment uncertain"), both unresolved, and naming
 * another try's PAYID (each try on the page has its own, docs/ogone-protocol.md §9), changes
 * nothing: the reconciler goes on asking about the 91 / 92. The same try's own 2 ends it.
 *
 * Review r1366 found the 2 taking the payment to `declined` (`error` for a 0) with 2 (0) as its
 * last STATUS: final, so the reconciler never asked again, and the 9 that settled the 91 was never
 * learnt unless "HTTP request for status changes" was on (docs/ogone-protocol.md §13 leaves it
 * off). The merchant got `payment.declined`, the shopper the failure URL, while the shopper was
 * charged. docs §5 "Idempotency": a feedback carries no time of its own; a final STATUS never
 * replaces an unresolved one received before, and the reconciler goes on asking. Such a 0 or 2
 * now changes nothing, not even the payment's PAYID, by which a query would read the earlier try's
 * end for good (review r1380; feedback/decide.ts endOfEarlierTry); a query's answer, the
 * platform's STATUS now, applies.
 *
 * Expected: after 91 or 92 then a late 2 or 0, the reconciler claims the payment once
 * RECONCILE_AFTER_SECONDS have passed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';

describe('a late refusal after the 91', () => {
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

  it('a 91 alone is asked about by the reconciler (the baseline)', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 91))).status, 200);
    t.clock.advance(3_600_000);
    assert.equal(await claimable(reference), true);
  });

  // Each try on the page has its own PAYID (docs/ogone-protocol.md §9): the later try's 91 / 92
  // names 3000002, the earlier try's late end its own 3000001.
  for (const unresolved of [91, 92, 52, 51]) {
    for (const late of [2, 0]) {
      it(`a ${unresolved} then an earlier try's late ${late}: still asked about, the ${unresolved} not forgotten`, async () => {
        const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
        assert.equal((await postServerFeedback(t, feedbackFor(reference, unresolved, { PAYID: '3000002' }))).status, 200);
        assert.equal((await postServerFeedback(t, feedbackFor(reference, late, { PAYID: '3000001' }))).status, 200);
        const payment = await t.repository.getTransaction(reference);
        assert.deepEqual([payment?.state, payment?.lastStatus, payment?.payid], ['pending', unresolved, '3000002']);
        t.clock.advance(3_600_000);
        assert.equal(
          await claimable(reference),
          true,
          `after ${unresolved} then a late ${late} the reconciler must still query the payment (now state ${payment?.state}, last STATUS ${payment?.lastStatus}, syncNeeded ${payment?.syncNeeded})`,
        );
      });
    }
  }

  // The same try's own refusal (its PAYID) ends it: a 92 or a 52 settled as refused.
  for (const unresolved of [92, 52]) {
    it(`a ${unresolved} then its own 2 (same PAYID): declined`, async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
      assert.equal((await postServerFeedback(t, feedbackFor(reference, unresolved, { PAYID: '3000002' }))).status, 200);
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 2, { PAYID: '3000002' }))).status, 200);
      const payment = await t.repository.getTransaction(reference);
      assert.deepEqual([payment?.state, payment?.lastStatus], ['declined', 2]);
    });
  }
});
