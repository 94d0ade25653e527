/**
 * Found by review r1708 (2026-12-07), now fixed.
 * The fix: a draft flagged syncNeeded past its session's expiry reads 'not confirmed yet', linked to the success URL
 *
 * r1708 — An attempt whose order may have reached the platform (its answer lost, flagged
 * `syncNeeded` for the reconciler) is shown, once its session has expired, as "Payment not
 * completed — You have not been charged — Return to the shop to try again".
 *
 * What is wrong: `statusView` (server/shopper-pages/status-view.ts) reads `syncNeeded` (it is in
 * its ViewedPayment type) but never uses it for a payment: a draft past its session's expiry is
 * "abandoned", outcome failure, "You have not been charged.", linked to the failure URL. A draft
 * so flagged is exactly the order "that may have charged": a saved-card order whose DirectLink
 * call ended without an answer (server/aliases/order.ts: "the order may have reached the
 * platform", review r980: taken for an order that never left, "the shopper's retry sent a second
 * order while the first had charged"), or an answer that could not be written. The setup page
 * already tells these apart (payments/setup-destination.ts `setupOutcome`: a draft with
 * `syncNeeded` is "pending", never "not saved"); docs/ogone-protocol.md §5 "What we answer": a
 * payment still being decided links back to the success URL, never the failure URL's "try again"
 * (reviews r1525, r1527); §9: such a payment stays queried until the platform says.
 *
 * Why it matters: the shopper may have been charged; the page says they were not and sends them
 * to pay again — a double charge, or a dispute for money our own page denied.
 *
 * What the test expects: two hours after it was made (past the session's expiry and past the hour
 * Ogone's page may take it, so only the flag says "awaiting the platform"), a draft flagged
 * `syncNeeded` is not told "You have not been charged", not sent to the failure URL, and not shown
 * as a failure.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

const SHOP = 'https://shop.example.com';

describe('r1708: a draft awaiting the platform’s word, after its session expired', () => {
  const t = useTestApp('sqlite');

  it('is never "not charged, try again"', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'en',
      successUrl: `${SHOP}/thanks`,
      failureUrl: `${SHOP}/cart`,
      expiresIn: 600,
    });
    assert.ok(reference, 'an attempt was created');
    // The order went out and its answer was lost: flagged for the reconciler, as
    // server/aliases/order.ts flags a draft whose call's outcome is unknown.
    await t.repository.mutateTransaction(reference, () => ({ patch: { syncNeeded: true }, result: undefined }));
    // The platform is not answering queries: two hours later nothing has settled it yet.
    t.clock.advance(2 * 3_600_000);
    const before = await t.repository.getTransaction(reference);
    assert.equal(before?.state, 'draft');
    assert.equal(before?.syncNeeded, true);

    const response = await t.app.request(`/payment/status/${reference}`, { headers: { 'accept-language': 'en' } });
    assert.equal(response.status, 200);
    const main = /<main[^>]*>[\s\S]*<\/main>/.exec(await response.text())?.[0] ?? '';
    assert.doesNotMatch(main, /You have not been charged/, 'the order may have been charged');
    assert.doesNotMatch(main, new RegExp(`href="${SHOP}/cart`), 'no "try again" for an order that may have charged');
    assert.doesNotMatch(main, /data-outcome="failure"/, 'not a failure while the platform’s answer is awaited');
  });
});
