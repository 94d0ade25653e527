/**
 * Found by review r1558 (2026-12-07), now fixed.
 *
 * What is wrong: server/shopper-pages/status-view.ts `statusView`, the way back to the shop
 * (today's change for reviews r1525 / r1527). The success URL is chosen only for a payment made or
 * still being decided (`PAID_STATES` or `pending`); every other payment links to the failure URL.
 * A payment the platform reported for ANOTHER amount (or currency) is flagged `amountMismatch` and
 * its state is left as it was (docs/ogone-protocol.md §5: "never paid — the payment is flagged … the
 * state stays"), typically `draft`. So the page that says "Payment under review — We are checking
 * this payment with the shop" puts "Return to the shop" on the shop's failure URL, with this
 * payment's reference.
 *
 * Why it matters: the platform authorised the shopper's card (here STATUS 9, money taken) for an
 * amount we did not ask; a person must look at it. The feedback redirect itself rightly sends the
 * shopper to this status page, never to the failure URL (destination.ts: "always after an amount
 * or currency mismatch"); yet the page's only button then lands them on the shop's failure page,
 * whose "try again" charges the card a second time — exactly what r1527 removed for uncertain
 * payments ("never failureUrl, whose 'try again' could charge twice", docs/ogone-protocol.md §5
 * "What we answer").
 *
 * Expectation: the status page of a payment under review for an amount mismatch does not link back
 * to the failure URL.
 *
 * The fix: shopper-pages/status-view.ts counts a payment under review for an amount mismatch as
 * one that may have been charged: its way back is the success URL under its reference, never the
 * failure URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

for (const kind of DATABASE_KINDS)
  describe(`${kind}: a hosted-page payment the platform captured for another amount`, () => {
    const t = useTestApp(kind);

    it('its "under review" page does not send the shopper to the failure URL', async () => {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        locale: 'en',
        successUrl: SUCCESS,
        failureUrl: FAILURE,
        expiresIn: 3600,
      });
      // The platform says 9 (captured) for 29.99 instead of 19.99; the browser comes back.
      const query = new URLSearchParams(feedbackFor(reference, 9, { amount: '29.99' })).toString();
      const back = await t.app.request(`/payment/ogone/return?${query}`, { headers: BROWSER_HEADERS });
      assert.equal(back.status, 303);
      const statusPage = back.headers.get('location') ?? '';
      assert.match(statusPage, /\/payment\/status\//, 'precondition: a mismatch goes to our status page');
      assert.equal((await t.repository.getTransaction(reference))?.amountMismatch, true, 'precondition: flagged as a mismatch');

      const html = await (await t.app.request(new URL(statusPage).pathname)).text();
      assert.match(html, /data-page="mismatch"/, 'precondition: the page says "under review"');
      const link = /<a class="button" href="([^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
      assert.ok(
        !link.startsWith(FAILURE),
        `the card was charged for another amount and the payment is under review, yet "Return to the shop" leads to the failure page: ${link}`,
      );
    });
  });
