/**
 * Found by review r1526 (2026-12-07), now fixed.
 *
 * What is wrong: server/feedback/destination.ts `shopperDestination` sends the shopper of a
 * session's *other* attempt that ended unpaid (cancelled on the hosted page, or declined) to the
 * session's failure URL with that attempt's reference, even when the session is already paid by
 * its first attempt. Only a *paid* second attempt (a duplicate) is sent to the success URL with the
 * session's paid reference (review r1070); an unpaid one is not, although the order is just as paid.
 * The status page's link for that attempt (server/shopper-pages/status-view.ts) does the same.
 *
 * Why it matters: two tabs of one checkout (README "One paid payment per session"). The shopper pays
 * in the first tab; the second tab still shows Ogone's page, and they press Cancel there (or the
 * card they try there is refused). Their browser lands on the shop's failure page with the
 * cancelled attempt's reference: the shop, confirming that reference as the README says
 * (`GET /api/transactions/<reference>` → `cancelled`), tells them the payment was cancelled and
 * offers to pay again — for an order whose money was taken. A shop that acts on the failure return
 * may even cancel the paid order. docs/ogone-protocol.md §5 "What we answer": the failure URL is
 * for a payment that ended unpaid; here the order did not.
 *
 * Expectation: once the session is paid, the shopper coming back from another attempt of it that
 * ended unpaid is not sent to the failure URL (as a duplicate's shopper: the success URL with the
 * session's paid reference).
 *
 * The fix: feedback/destination.ts sends an attempt that ended unpaid (declined, cancelled, error)
 * of an order another tab paid to the success URL under the paying payment's reference while it
 * holds the money (paidInstead); the status page's link follows it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

for (const kind of DATABASE_KINDS) {
  describe(`${kind}: two tabs, the first paid, the second cancelled or declined on the hosted page`, () => {
    const t = useTestApp(kind);

    for (const [status, what] of [
      [1, 'cancelled'],
      [2, 'declined'],
    ] as const) {
      it(`the second tab's shopper (${what}) is not sent to the failure URL of a paid order`, async () => {
        const [first, second] = await attemptsOfOneSession(t, {
          amount: 1999,
          currency: 'EUR',
          successUrl: SUCCESS,
          failureUrl: FAILURE,
          expiresIn: 3600,
        });
        // Tab 1 is paid: the platform's server-to-server 9.
        assert.equal((await postServerFeedback(t, feedbackFor(first!, 9))).status, 200);
        const paid = await t.repository.getTransaction(first!);
        assert.equal(paid?.state, 'captured');

        // Tab 2: the shopper presses Cancel (1) or is refused (2); the browser comes back.
        const query = new URLSearchParams(feedbackFor(second!, status, { PAYID: '3014799' })).toString();
        const back = await t.app.request(`/payment/ogone/return?${query}`, { headers: BROWSER_HEADERS });
        assert.equal(back.status, 303);
        const location = back.headers.get('location') ?? '';
        assert.equal((await t.repository.getTransaction(second!))?.state, what);
        assert.ok(
          !location.startsWith(FAILURE),
          `the order is paid (${first}), yet the shopper is sent to the shop's failure page: ${location}`,
        );
      });
    }
  });
}
