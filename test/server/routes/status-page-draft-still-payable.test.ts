/**
 * Found by review r1705 (2026-12-07), now fixed.
 * The fix: a draft Ogone's page may still take (HOSTED_PAGE_PAYABLE_MS) reads 'not confirmed yet' and links to the success URL, never 'not charged, try again'
 *
 * r1705 — The status page tells a shopper "not completed, you have not been charged, try again"
 * about an attempt Ogone's page may still be charging.
 *
 * What is wrong: `statusView` (server/shopper-pages/status-view.ts) turns a hosted-page draft into
 * "abandoned" (outcome failure, "You have not been charged.", the way back to the shop's
 * failureUrl — its "try again") the second its checkout session expires. But Ogone's hosted page
 * knows nothing of our expiry: docs/ogone-protocol.md §9 ("Unknown order") says the attempt can
 * still be paid there for an hour after it was made (HOSTED_PAGE_PAYABLE_MS), which is why the
 * reconciler keeps asking about it until then and only then marks it `expired`. The page also
 * stops refreshing, so a shopper who paid on Ogone's page just after the expiry (its feedback
 * late, or offline) is told they were not charged and sent to "try again".
 *
 * Why it matters: a shopper charged once is told "You have not been charged" and pointed at the
 * shop's retry — the second charge that the failure URL's "try again" could make (§5 "What we
 * answer": for a payment still being decided the way back is never failureUrl, reviews r1525,
 * r1527). Support gets a dispute for a payment the page denied.
 *
 * What the test expects: one minute after its session expired, an attempt made a minute before
 * that (so well within the hour Ogone's page may still take it) is not shown as a failure: no
 * "You have not been charged", no link to the failure URL, outcome not "failure". Once the hour
 * is past and nothing came, the existing "abandoned" page is right and not tested here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

const SHOP = 'https://shop.example.com';

describe('r1705: a draft still payable on the hosted page after its session expired', () => {
  const t = useTestApp('sqlite');

  it('is not told "not charged, try again" while Ogone may still take the payment', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      locale: 'en',
      successUrl: `${SHOP}/thanks`,
      failureUrl: `${SHOP}/cart`,
      expiresIn: 60,
    });
    assert.ok(reference, 'an attempt was created');
    // The shopper is on Ogone's page; the session expires at 60 s; we look at 120 s — 58 minutes
    // before the attempt stops being payable there (docs/ogone-protocol.md §9 "Unknown order").
    t.clock.advance(120_000);
    const response = await t.app.request(`/payment/status/${reference}`, { headers: { 'accept-language': 'en' } });
    assert.equal(response.status, 200);
    const html = await response.text();
    const main = /<main[^>]*>[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    assert.doesNotMatch(main, /You have not been charged/, 'the shopper may have been charged on the hosted page');
    assert.doesNotMatch(main, new RegExp(`href="${SHOP}/cart`), 'never the failure URL\'s "try again" for an attempt still payable');
    assert.doesNotMatch(main, /data-outcome="failure"/, 'not a failure while the platform may still take the payment');
  });
});
