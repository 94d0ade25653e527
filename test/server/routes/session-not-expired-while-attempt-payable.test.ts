/**
 * a session reads `expired` to the merchant while its shopper, sent to Ogone's page just
 * before the expiry, may still pay there (and then does: the same session turns `paid`).
 *
 * Found by review r1401, now fixed (payments/views.ts sessionStatus). What was wrong: commit 4fa4f7b (review r1395) made server/payments/views.ts sessionStatus keep a
 * session `processing` past its expiry only while one of its payments is `pending`. Its own comment
 * gives the case it is for — "the platform may yet take the money (a shopper sent to the page just
 * before the expiry pays there after, docs/ogone-protocol.md §9)" — but that shopper's attempt is a
 * `draft` (no feedback yet: the shopper is typing the card on Ogone's page), not `pending`, so
 * GET /api/checkout-sessions/:id answers `expired` from the expiry on; when the shopper pays a
 * minute later the same session answers `paid`. `expired` was never true. The server itself knows
 * the attempt may still be paid: README "Payment states": an attempt becomes `expired` only "once it
 * could no longer be paid: its session expired, and an hour since it was made"; docs/ogone-protocol.md
 * §9 "Unknown order": "Ogone's page knows nothing of our expiry: a shopper sent to it just before the
 * session expired may pay there after" (HOSTED_PAGE_PAYABLE_MS). The widget's own status for the same
 * session at the same moment is `expired` too (payableStatus), though a new attempt is all it refuses.
 *
 * Why it matters (money, merchant misled): a merchant whose order logic is "session expired → release
 * the stock / cancel the order" (the harm review r1395 names) cancels the order whose money the
 * platform takes a minute later.
 *
 * Expected: one minute past the session's expiry, with its hosted-page attempt made a minute before
 * the expiry (still payable for the hour), GET /api/checkout-sessions/:id does not read `expired`
 * (it reads `processing`, as with a pending payment); after the shopper's 9 it reads `paid`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';

describe('a session past its expiry while the shopper is still on the page', () => {
  const t = useTestApp('sqlite');

  it('does not read expired to the merchant while its attempt may still be paid', async () => {
    const created = (await (
      await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', expiresIn: 600 } })
    ).json()) as { id: string };
    // The shopper clicks "Pay" a minute before the expiry and is sent to Ogone's page.
    t.clock.advance(540_000);
    const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(attempt.status, 201);
    const { reference } = (await attempt.json()) as Extract<AttemptResult, { kind: 'redirect' }>;

    // A minute past the expiry: the shopper is still typing the card on Ogone's page.
    t.clock.advance(120_000);
    const merchant = (await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as {
      status: string;
      transactions: Array<{ reference: string; state: string }>;
    };
    const widget = (await (await t.app.request(`/checkout/sessions/${created.id}`)).json()) as { status: string };
    assert.notEqual(
      merchant.status,
      'expired',
      `the merchant reads "expired" (widget: "${widget.status}", attempt ${reference} ${merchant.transactions
        .map((tx) => tx.state)
        .join(',')}, payable for an hour) — and the shopper's payment is taken next`,
    );

    // What follows shows `expired` was never the outcome.
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    assert.equal(((await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as { status: string }).status, 'paid');
  });
});
