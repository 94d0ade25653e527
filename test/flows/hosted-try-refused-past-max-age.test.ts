/**
 * A refused try on the hosted page read by a query, on a session that outlives the reconciler's
 * maximum age (RECONCILE_MAX_AGE_DAYS lowered to 1, a two-day session). Awaiting another try, it
 * is `syncNeeded` (docs/ogone-protocol.md §9 "Another try on the page"); past the maximum age it
 * is flagged for a person with one `payment.needs_attention`, as the README says of every payment
 * that age, and no longer asked about. Review r940 took the flag for a false alarm on an abandoned
 * refusal and had it left `declined` silently; review r970 showed the cost — the shopper paying on
 * that page later still, its feedback lost, left a paid order `declined` with nobody told. The
 * flag is what tells the merchant to look in the back office.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import type { FlowServer } from './helpers.ts';
import {
  eventTypes as eventTypesOf,
  HOUR,
  MINUTE,
  onTheCardPage,
  REFUSED_CARD,
  sleep,
  startReconcilingFlow,
  transaction as transactionOf,
  tryCard,
  type ReconcilingFlow,
} from './hosted-page-tries.ts';

describe('a refused try on the page of a session that outlives the reconciler’s maximum age (sqlite)', { timeout: 90_000 }, () => {
  let reconciling: ReconcilingFlow;
  let flow: FlowServer;

  before(async () => {
    reconciling = await startReconcilingFlow({ RECONCILE_MAX_AGE_DAYS: '1' });
    flow = reconciling.flow;
  });
  after(() => reconciling?.close());

  const transaction = (reference: string) => transactionOf(flow, reference);
  const eventTypes = (reference: string) => eventTypesOf(flow, reference);
  /** The queries the reconciler or a sync sent about the attempt (by ORDERID, as such attempts are asked). */
  const askedAbout = (reference: string) => reconciling.askedByOrderId(reference);

  it('is flagged needs_attention at the maximum age, and no longer asked about', async () => {
    // A two-day session (a payment link), the shopper on the card page at once, one refused try.
    const open = await onTheCardPage(flow, 2100, 2 * 24 * 3600);
    assert.equal((await tryCard(flow, open.token, REFUSED_CARD)).status, 200, 'refused: still on the card page');

    // The reconciler's draft query reads the refusal between two tries.
    reconciling.advance(11 * MINUTE);
    await eventually(
      () => transaction(open.reference),
      (t) => t.state === 'declined',
      'the refusal read',
      { timeoutMs: 8000, intervalMs: 100 },
    );

    // A day and an hour later (past RECONCILE_MAX_AGE_DAYS=1), its page may still be paid until the session's expiry.
    reconciling.advance(25 * HOUR);
    const later = await eventually(
      () => transaction(open.reference),
      (t) => t.needsAttention === true,
      'flagged',
      {
        timeoutMs: 8000,
        intervalMs: 100,
      },
    ).catch(() => transaction(open.reference));
    assert.deepEqual(
      { state: later.state, needsAttention: later.needsAttention, events: await eventTypes(open.reference) },
      { state: 'declined', needsAttention: true, events: ['payment.declined', 'payment.needs_attention'] },
      'still awaited past the maximum age: a person looks in the back office',
    );

    // No longer asked about, though its session lasts another day.
    const asked = askedAbout(open.reference);
    reconciling.advance(24 * HOUR);
    await sleep(1500);
    const final = await transaction(open.reference);
    assert.equal(askedAbout(open.reference), asked, 'past the maximum age, not asked about');
    assert.deepEqual({ state: final.state, needsAttention: final.needsAttention }, { state: 'declined', needsAttention: true });
    assert.deepEqual(await eventTypes(open.reference), ['payment.declined', 'payment.needs_attention']);
  });
});
