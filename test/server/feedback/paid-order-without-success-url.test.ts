/**
 * Found by review r1557 (2026-12-07), now fixed.
 *
 * What is wrong: server/feedback/destination.ts `shopperDestination`, the branch for an attempt
 * that ended unpaid (ENDED_UNPAID, review r1526's fix), and the status page's link
 * (server/shopper-pages/status-view.ts `statusView`). When another tab's payment paid the order
 * (`paidInstead` finds it), the shopper goes to the success URL under that payment's
 * reference — but only if the session has a success URL. A session made with a failure URL and no
 * success URL (successUrl is optional: a paid shopper then lands on our status page, "paid") falls
 * through to `failureUrl?reference=<the cancelled or refused try>`, and the status page's "Return
 * to the shop" link points there too. A duplicate in the same situation goes to our status page,
 * never to the failure URL (`if (transaction.duplicateOf) … return statusPage`).
 *
 * Why it matters: two tabs of one checkout (README "One paid payment per session"); the shopper
 * pays in the first, then presses Cancel (or is refused) in the second. The order is paid, yet the
 * browser lands on the shop's failure page, which — confirming the reference it is given, as the
 * README says — reads `cancelled`/`declined`, tells the shopper the payment failed and offers to pay
 * again (or the shop cancels a paid order). docs/ogone-protocol.md §5 "What we answer": the failure
 * URL is for a payment that ended unpaid, "otherwise … our status page"; a try of an order another
 * tab paid is not an order that ended unpaid.
 *
 * Expectation: with the session paid by the first tab and no success URL, the second tab's return
 * (cancelled / declined) is not sent to the failure URL (our status page says the order's state),
 * and that page's way back does not point at the failure URL either.
 *
 * The fix: feedback/destination.ts sends an unpaid try of an order another payment pays to our
 * status page when the session has no success URL, and status-view.ts then offers no way back
 * rather than the failure URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const FAILURE = 'https://shop.example.com/cart';

for (const kind of DATABASE_KINDS) {
  describe(`${kind}: a paid order's other tab ends unpaid, the session has a failure URL only`, () => {
    const t = useTestApp(kind);

    for (const [status, what] of [
      [1, 'cancelled'],
      [2, 'declined'],
    ] as const) {
      it(`the second tab's shopper (${what}) is not told the paid order failed`, async () => {
        const [first, second] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR', failureUrl: FAILURE, expiresIn: 3600 });
        assert.equal((await postServerFeedback(t, feedbackFor(first!, 9))).status, 200);
        assert.equal((await t.repository.getTransaction(first!))?.state, 'captured', 'precondition: the first tab paid the order');

        const query = new URLSearchParams(feedbackFor(second!, status, { PAYID: '3015571' })).toString();
        const back = await t.app.request(`/payment/ogone/return?${query}`, { headers: BROWSER_HEADERS });
        assert.equal(back.status, 303);
        assert.equal((await t.repository.getTransaction(second!))?.state, what);
        const location = back.headers.get('location') ?? '';
        assert.ok(
          !location.startsWith(FAILURE),
          `the order is paid (${first}), yet the shopper is sent to the shop's failure page: ${location}`,
        );

        const page = await t.app.request(`/payment/status/${encodeURIComponent(second!)}`);
        const html = await page.text();
        assert.ok(!html.includes(FAILURE), `the status page of the ${what} try links a paid order back to the failure page`);
      });
    }
  });
}
