/**
 * Found by review r1527 (2026-12-07), now fixed.
 *
 * What is wrong: server/shopper-pages/status-view.ts `statusView` gives a `pending` payment the
 * session's *failure* URL as its "Return to the shop" link (`paid ? successUrl : failureUrl ?? …`),
 * also once the page stops refreshing and says "not confirmed yet". A pending payment with STATUS
 * 92 ("Payment uncertain") or 52 is one the platform "might already have accepted", after which
 * "the customer should not retry" (Ogone e-Commerce Advanced guide, Appendix "Short Status
 * Overview"; DirectLink guide §3.3; docs/ogone-protocol.md §6 "Uncertain is not refused"). The
 * return redirect itself sends such a payment to our status page, never to the failure URL
 * (server/feedback/destination.ts; docs/ogone-protocol.md §5 "What we answer": failureUrl is for
 * declined, cancelled, error).
 *
 * Why it matters: the shopper whose bank has not answered yet is sent by our own page to the shop's
 * failure page ("payment failed, try again" — README "Embedding"), i.e. invited to pay again while
 * the first payment may still be captured: once the session has expired the shop makes a new one,
 * and the shopper is charged twice. The reference the shop reads (`pending`) does not match the
 * page it was sent to.
 *
 * Expectation: while a payment is pending (uncertain), the status page's way back to the shop is
 * not the failure URL.
 *
 * The fix: shopper-pages/status-view.ts statusView links a payment still being decided (pending)
 * to the success URL under its reference, where the shop reads its state, never to the failure
 * URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

describe('an uncertain payment (STATUS 92) on the status page', () => {
  const t = useTestApp('sqlite');

  it('"Return to the shop" never leads to the failure URL while the bank may still accept it', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'en',
      successUrl: SUCCESS,
      failureUrl: FAILURE,
      expiresIn: 120,
    });
    // The platform sends the browser back with 92 (its EXCEPTIONURL): our status page, not the failure URL.
    const query = new URLSearchParams(feedbackFor(reference, 92, { NCERROR: '20002001' })).toString();
    const back = await t.app.request(`/payment/ogone/return?${query}`, { headers: BROWSER_HEADERS });
    assert.equal(back.status, 303);
    const statusPage = back.headers.get('location') ?? '';
    assert.match(statusPage, /\/payment\/status\//, 'an uncertain payment goes to our status page');

    const link = async () => {
      const html = await (await t.app.request(new URL(statusPage).pathname)).text();
      assert.match(html, /data-state="pending"/);
      return /<a class="button" href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    };
    const waiting = await link();
    assert.ok(!waiting.startsWith(FAILURE), `while it is checked, the page sends the shopper to the failure URL: ${waiting}`);
    // The session expires, the bank still has not answered: "not confirmed yet".
    t.clock.advance(121_000);
    const unconfirmed = await link();
    assert.ok(!unconfirmed.startsWith(FAILURE), `"not confirmed yet", and sent to the failure URL: ${unconfirmed}`);
  });
});
