/**
 * Found by review r1525 (2026-12-07), now fixed.
 *
 * What is wrong: server/shopper-pages/status-view.ts `statusView` picks the status page's
 * "Return to the shop" link by `OUTCOME_OF_STATE[state] === 'success'`, which is true only for
 * `authorized` and `captured`. A payment that was captured and then partly refunded
 * (`partially_refunded`: the shop still holds most of the order's money, the order is paid) is
 * linked to the session's *failure* URL (`failureUrl?reference=…`) — while the return from the
 * hosted page for the very same payment (server/feedback/destination.ts `shopperDestination`,
 * which uses PAID_STATES) sends the shopper to the *success* URL.
 *
 * Why it matters: the shopper paid (docs/ogone-protocol.md §6: partially_refunded is a captured
 * payment with part of it given back), yet the status page sends them to the shop's failure page
 * ("payment failed, try again" — README "Embedding": `failureUrl` is where an unpaid payment
 * comes back). The shop's cart page then offers to pay again for an order already paid (the
 * widget answers "already paid", or a shop that builds a new session charges twice), and the two
 * ways back from our own server contradict each other for one payment.
 *
 * Expectation: for a partially refunded payment, the status page's way back to the shop is the
 * same as the return redirect's — `successUrl?reference=<ORDERID>`.
 *
 * The fix: shopper-pages/status-view.ts statusView sends a payment made (PAID_STATES, refunded in
 * part or whole since too) back to the success URL, as feedback/destination.ts does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

describe('a captured payment, then partly refunded: the shopper is sent back the same way everywhere', () => {
  const t = useTestApp('sqlite');

  it('the status page links to the success URL, as the return redirect does', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'en',
      successUrl: SUCCESS,
      failureUrl: FAILURE,
      expiresIn: 3600,
    });
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    // The merchant refunds 5.00 of the 19.99 captured: the ledger's own write, as a refund's answer leaves it.
    await t.repository.mutateTransaction(reference, () => ({
      patch: { state: 'partially_refunded', capturedAmount: 1999, refundedAmount: 500 },
      result: undefined,
    }));

    // The shopper reloads the return URL (the browser's copy of the 9): the success URL.
    const query = new URLSearchParams(feedbackFor(reference, 9)).toString();
    const redirect = await t.app.request(`/payment/ogone/return?${query}`, { headers: BROWSER_HEADERS });
    assert.equal(redirect.status, 303);
    const expected = `${SUCCESS}?reference=${encodeURIComponent(reference)}`;
    assert.equal(redirect.headers.get('location'), expected, 'the return redirect treats the payment as paid');

    // The same payment's status page.
    const html = await (await t.app.request(`/payment/status/${reference}`)).text();
    assert.match(html, /data-state="partially_refunded"/);
    const link = /<a class="button" href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(link, expected, 'the status page sends a shopper whose payment was captured to the failure URL');
  });
});
