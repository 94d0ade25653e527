/**
 * A refused try on the hosted page read by a query, on a session that outlives the reconciler's
 * maximum age (RECONCILE_MAX_AGE_DAYS lowered to 1, a two-day session). Awaiting another try, it
 * is `syncNeeded` (docs/ogone-protocol.md §9 "Another try on the page"). Review r940 had it left
 * `declined` silently past the maximum age; review r970 showed the cost — the shopper paying on
 * that page later still, its feedback lost, left a paid order `declined` with nobody told — and
 * had it flagged for a person there. Since review r1477 its maximum age counts, as a draft's does,
 * from the longest a session lives: it is asked about until its page closes, so a payment made on
 * it is found, and the refusal read then is final, with nobody called.
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

  it('is asked about until its page closes, past the maximum age, then settled without a person', async () => {
    // A two-day session (a payment link), the shopper on the card page at once, one refused try.
    const open = await onTheCardPage(flow, 2100, 2 * 24 * 3600);
    assert.equal((await tryCard(flow, open.token, REFUSED_CARD)).status, 200, 'refused: still on the card page');

    // The reconciler's draft query reads the refusal between two tries.
    reconciling.advance(11 * MINUTE);
    await eventually(
      () => transaction(open.reference),
      (t) => t.state === 'declined',
      'the refusal read',
      { timeoutMs: 20_000, intervalMs: 100 },
    );

    // A day and an hour later (past RECONCILE_MAX_AGE_DAYS=1) its page may still be paid until the
    // session's expiry: like a draft, its maximum age counts from the longest a session lives
    // (review r1477), so it is still asked about, spaced out, and nobody is called.
    const beforeDay = askedAbout(open.reference);
    reconciling.advance(25 * HOUR);
    await eventually(
      async () => askedAbout(open.reference),
      (asked) => asked > beforeDay,
      'asked again past the maximum age',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const later = await transaction(open.reference);
    assert.deepEqual({ state: later.state, needsAttention: later.needsAttention }, { state: 'declined', needsAttention: false });

    // Its session ends a day later: asked once more, and the refusal read then is final.
    const beforeClose = askedAbout(open.reference);
    reconciling.advance(24 * HOUR);
    await eventually(
      async () => askedAbout(open.reference),
      (asked) => asked > beforeClose,
      'asked once its page closed',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    await sleep(1500);
    const settled = askedAbout(open.reference);
    reconciling.advance(24 * HOUR);
    await sleep(1500);
    const final = await transaction(open.reference);
    assert.equal(askedAbout(open.reference), settled, 'settled: not asked about again');
    assert.deepEqual({ state: final.state, needsAttention: final.needsAttention }, { state: 'declined', needsAttention: false });
    assert.deepEqual(await eventTypes(open.reference), ['payment.declined']);
  });
});
