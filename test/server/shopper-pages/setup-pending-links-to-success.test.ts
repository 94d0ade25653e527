/**
 * Found by review r1707 (2026-12-07), now fixed.
 * The fix: a verification still being checked (card_pending, card_unconfirmed) links back to the success URL, never the failure URL
 *
 * r1707 — A setup session's status page says "Saving your card" (or "Card not confirmed yet — a
 * late answer may still save it") and links "Return to the shop" to the shop's failure URL: the
 * shop's "card not saved, try another card" page.
 *
 * What is wrong: `setupView` (server/shopper-pages/status-view.ts) gives every outcome but "saved"
 * the way back `failureUrl ?? successUrl`, the still-pending ones included. The return redirect
 * itself never does that: `setupDestination` (server/payments/setup-destination.ts) sends a
 * pending outcome to our status page, the failure URL only once the attempt "ended without a
 * card". docs/ogone-protocol.md §15 says a verification under way is told "the card is being
 * checked", and §5 ("What we answer") says, for the payment under way, that the way back is
 * never the failure URL, whose "try again" could take money twice (reviews r1525, r1527); for a
 * verification, a second try puts a second authorisation hold on the card (review r1555).
 *
 * Why it matters: the shopper whose card is still being checked (3-D Secure open, an answer
 * on its way) is sent by our own button to a page telling them the card was not saved and to use
 * another one — a second verification, a second hold, and the shop's page contradicting ours; and
 * the card may be saved moments later (§15: a late answer saves it).
 *
 * What the test expects: for a verification still pending, before and after its session's expiry,
 * the page's link back is not the failure URL (the success URL, where the shop reads the session's
 * state, or none).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../../server/shopper-pages/status-view.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const session = (over: Record<string, unknown> = {}) => ({
  mode: 'setup' as const,
  status: 'open' as const,
  paidReference: null,
  claimReference: 'OC-1',
  claimUntil: '2026-06-01T12:10:00.000Z',
  expiresAt: '2026-06-01T13:00:00.000Z',
  successUrl: 'https://shop.example/saved',
  failureUrl: 'https://shop.example/not-saved',
  ...over,
});
const verification = (over: Record<string, unknown> = {}) => ({
  reference: 'OC-1',
  state: 'pending' as const,
  ncError: null,
  amountMismatch: false,
  cardReplacedAt: null,
  syncNeeded: false,
  ...over,
});

describe('r1707: the way back from a setup page whose card is still being checked', () => {
  it('"Saving your card" does not link to the shop\'s "not saved" page', () => {
    const view = statusView(verification(), session(), NOW);
    assert.equal(view.state, 'card_pending');
    assert.doesNotMatch(view.shopUrl ?? '', /not-saved/, 'the card may still be saved');
  });

  it('"Card not confirmed yet" (session expired, a late answer may save it) does not either', () => {
    const view = statusView(
      verification(),
      session({ expiresAt: '2026-06-01T11:00:00.000Z', claimUntil: '2026-06-01T11:00:00.000Z' }),
      NOW,
    );
    assert.equal(view.state, 'card_unconfirmed');
    assert.doesNotMatch(view.shopUrl ?? '', /not-saved/, 'the card may still be saved');
  });
});
