/**
 * A hosted-page attempt refused by its page's final feedback (the tries used up), then synced by
 * hand. "A 2 brought by a feedback needs none of this: the platform sends it only once the page
 * has ended" (docs/ogone-protocol.md §9 "Another try on the page", [ADV] §9.3.1.1); Ogone forbids
 * systematic queries (DirectLink guide §5.4). The merchant's sync read the closed order's 2 like
 * a refusal between two tries, and the reconciler then asked about it again and again until the
 * session expired (review r940). Only the query that found the refusal, or one asked while it
 * was awaited, keeps it asked about.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import type { FlowServer } from './helpers.ts';
import {
  MINUTE,
  onTheCardPage,
  REFUSED_CARD,
  sleep,
  startReconcilingFlow,
  transaction as transactionOf,
  tryCard,
  type ReconcilingFlow,
} from './hosted-page-tries.ts';

describe('a refusal brought by the page’s final feedback, synced by hand (sqlite)', { timeout: 90_000 }, () => {
  let reconciling: ReconcilingFlow;
  let flow: FlowServer;

  before(async () => {
    reconciling = await startReconcilingFlow();
    flow = reconciling.flow;
  });
  after(() => reconciling?.close());

  const transaction = (reference: string) => transactionOf(flow, reference);
  /** The queries the reconciler or a sync sent about the attempt (by ORDERID, as such attempts are asked). */
  const askedAbout = (reference: string) => reconciling.askedByOrderId(reference);

  it('is not asked about again by the reconciler after one sync by hand', async () => {
    const open = await onTheCardPage(flow, 2200, 24 * 3600);
    // Refused until the page ends (the account's number of tries): its feedback says 2.
    let ended = false;
    for (let i = 0; i < 10 && !ended; i++) ended = (await tryCard(flow, open.token, REFUSED_CARD)).status === 303;
    assert.ok(ended, 'the page ended on the last refused try');
    await eventually(
      () => transaction(open.reference),
      (t) => t.state === 'declined',
      'declined by the page’s final feedback',
    );
    assert.equal(askedAbout(open.reference), 0, 'no query so far: the feedback said it all');

    // The merchant presses "sync" once.
    const synced = await flow.api(`/api/transactions/${open.reference}/sync`, {});
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.state, 'declined');
    const afterHand = askedAbout(open.reference);

    // The following hours: the reconciler has nothing to ask about a page that has ended.
    for (let step = 0; step < 4; step++) {
      reconciling.advance(30 * MINUTE);
      await sleep(700);
    }
    assert.equal(
      askedAbout(open.reference),
      afterHand,
      'a refusal brought by the final feedback is final: never asked about by the reconciler (§9, [DL] §5.4)',
    );
  });
});
