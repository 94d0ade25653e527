/**
 * A shopper's own status page is not hidden by the merchant's metadata. Merchant charges of a
 * saved card have no status page (their reference may be the merchant's own); `metadata` is the
 * merchant's free-form field on every checkout session, so a shop that records
 * { initiator: 'merchant', aliasId: '…' } on a session its customer pays on the hosted page must
 * not see that customer's page answer 404 — the customer was sent there by our own redirect.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';

describe('a shopper-paid session whose metadata names an initiator and an aliasId (sqlite)', () => {
  const t = useTestApp('sqlite');

  it('the shopper sent to the status page sees their payment', async () => {
    const reference = await newHostedAttempt(
      t,
      { amount: 1999, currency: 'EUR', metadata: { initiator: 'merchant', aliasId: 'card-on-file-7' } },
      { saveCard: false },
    );
    assert.ok(reference, 'precondition: a hosted-page attempt');
    // The shopper comes back from the hosted page; no successUrl: our status page.
    const back = await t.app.request(`/payment/ogone/return?${new URLSearchParams(feedbackFor(reference, 9))}`, {
      headers: BROWSER_HEADERS,
    });
    assert.equal(back.status, 303);
    const location = back.headers.get('location') ?? '';
    assert.ok(location.includes(`/payment/status/${reference}`), `precondition: redirected to ${location}`);

    const page = await t.app.request(`/payment/status/${encodeURIComponent(reference)}`, { headers: BROWSER_HEADERS });
    assert.equal(
      page.status,
      200,
      `the shopper paid on the hosted page (captured), yet their status page is a 404: the merchant's metadata ` +
        `{ initiator: 'merchant', aliasId } made it a "merchant charge"`,
    );
  });
});
