/**
 * The status page of a setup session (save a card, nothing charged) says what became of the card
 * — saved, not saved, still being checked — never the state of its verification, a payment of
 * one unit cancelled at once (docs/ogone-protocol.md §15): that read "Payment accepted", then
 * "Payment cancelled".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../../server/shopper-pages/status-view.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const session = (over: Record<string, unknown> = {}) => ({
  mode: 'setup' as const,
  status: 'open' as const,
  paidReference: null,
  expiresAt: '2026-06-01T13:00:00.000Z',
  successUrl: 'https://shop.example/saved',
  failureUrl: 'https://shop.example/not-saved',
  ...over,
});
const verification = (over: Record<string, unknown> = {}) => ({
  reference: 'OC-1',
  state: 'authorized' as const,
  ncError: null,
  amountMismatch: false,
  cardReplacedAt: null,
  ...over,
});

describe('status view of a setup session', () => {
  it('saved by this attempt: card saved, whatever the verification became (cancelled at once)', () => {
    for (const state of ['authorized', 'cancelled'] as const) {
      const view = statusView(verification({ state }), session({ status: 'paid', paidReference: 'OC-1' }), NOW);
      assert.deepEqual(
        [view.state, view.outcome, view.shopUrl],
        ['card_saved', 'success', 'https://shop.example/saved?reference=OC-1'],
        state,
      );
    }
  });

  it('declined, replaced meanwhile, or the session paid by another attempt: not saved, no payment wording', () => {
    const cases = [
      [verification({ state: 'declined', ncError: '30001001' }), session()],
      [verification({ cardReplacedAt: '2026-06-01T11:59:00.000Z' }), session()],
      [verification({ state: 'cancelled' }), session({ status: 'paid', paidReference: 'OC-2' })],
    ] as const;
    for (const [t, s] of cases) {
      const view = statusView(t, s, NOW);
      assert.deepEqual(
        [view.state, view.outcome, view.decline, view.shopUrl],
        ['card_not_saved', 'failure', undefined, 'https://shop.example/not-saved?reference=OC-1'],
      );
    }
  });

  it('still being verified: refreshes until the session expires, then not confirmed yet (a late answer may save it)', () => {
    const waiting = statusView(verification({ state: 'pending' }), session(), NOW);
    assert.deepEqual([waiting.state, waiting.outcome, waiting.refreshSeconds], ['card_pending', 'waiting', 5]);
    const late = statusView(verification({ state: 'pending' }), session({ expiresAt: '2026-06-01T11:00:00.000Z' }), NOW);
    assert.deepEqual([late.state, late.outcome, late.refreshSeconds], ['card_unconfirmed', 'neutral', undefined]);
  });
});
