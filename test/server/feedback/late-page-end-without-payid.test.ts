/**
 * an earlier try's late page end whose PAYID is "0" (or absent) ends a later try's 91.
 *
 * Found by review r1400, now fixed (feedback/decide.ts endOfEarlierTry: a page word is a try's own only with its PAYID). What was wrong: feedback/decide.ts `endOfEarlierTry` (commit 462ae14) now ignores a 0 or 2
 * arriving after an unresolved STATUS past the authorisation request (91, 92, 51, 52) only when
 * the feedback names a PAYID *different* from the payment's. `details(params).payid` drops a PAYID
 * of "0" (and an empty one), so such a 0 / 2 counts as "the same try's own end" and is applied:
 * the payment goes from pending/91 to `error` (0) or `declined` (2) with that final page end as its
 * last STATUS. Before the commit, any 0 / 2 after a 91 / 92 was an earlier try's end and changed
 * nothing. PAYID "0" is exactly what the platform names when it refused a try before creating any
 * payment (the guides' error example `STATUS="0" PAYID="0"`, docs/ogone-protocol.md §8;
 * the project's own sandbox/directlink/answer.ts: "STATUS 0, PAYID 0"; details() treats "0" as no
 * PAYID), i.e. an *earlier, invalid* try, never the 91's own end (a 91's own refusal is
 * 93, [ADV] Appendix / [DL] §4.3; docs/ogone-protocol.md §9 "Another try on the page": each try
 * has its own PAYID).
 *
 * Why it matters: the shopper's later try is being processed (91) and is then captured (9) by the
 * platform, but the merchant is told `payment.failed` / `payment.declined` and the payment leaves
 * `pending` — the session is no longer held, and once the page's payable window is over the
 * reconciler never asks again: the shopper is charged for an order the merchant was told failed
 * (the very harm endOfEarlierTry's own comment cites: reviews r1366, r1380, r1381).
 *
 * Expected: after a 91 (PAYID 3000002), a late 0 with PAYID "0" — or a late 2 with no PAYID — leaves
 * the payment pending with last STATUS 91 and PAYID 3000002, as a late 0 / 2 naming another PAYID does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

describe('a late page end without a PAYID of its own after a 91', () => {
  const t = useTestApp('sqlite');

  const cases: { late: number; payId: string | undefined }[] = [
    { late: 0, payId: '0' },
    { late: 2, payId: '0' },
    { late: 0, payId: undefined },
    { late: 2, payId: '' },
  ];
  for (const { late, payId } of cases) {
    it(`a 91 then a late ${late} with PAYID ${JSON.stringify(payId)}: still pending on the 91`, async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 91, { PAYID: '3000002' }))).status, 200);
      const lateParams = feedbackFor(reference, late, payId === undefined ? {} : { PAYID: payId });
      if (payId === undefined) {
        // Re-sign without PAYID at all.
        const { signedFeedback } = await import('../../support/feedback.ts');
        const { SHASIGN: _ignored, PAYID: _payid, ...rest } = lateParams;
        assert.equal((await postServerFeedback(t, signedFeedback(rest))).status, 200);
      } else {
        assert.equal((await postServerFeedback(t, lateParams)).status, 200);
      }
      const payment = await t.repository.getTransaction(reference);
      assert.deepEqual(
        [payment?.state, payment?.lastStatus, payment?.payid],
        ['pending', 91, '3000002'],
        `an earlier try's late ${late} (PAYID ${JSON.stringify(payId)}) ended the later try's 91: now ${payment?.state} / last STATUS ${payment?.lastStatus}`,
      );
    });
  }
});
