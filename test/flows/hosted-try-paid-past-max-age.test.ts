/**
 * Review r970. A refused try on the hosted page read by the reconciler's query, on a session that
 * outlives RECONCILE_MAX_AGE_DAYS (lowered to 1; a two-day payment link). The shopper then pays the
 * same order with the next try while the page is still payable, and that feedback is lost: the
 * platform holds the money. Once (a6373f6, reverted in 236a97d) such an attempt was left `declined`
 * at the maximum age, neither asked about nor flagged: the ledger said `declined` and no person was
 * told. A draft paid so on a page where no try was refused first is found (the reconciler counts a
 * draft's maximum age from the longest a session lives); this one must be found too, or flagged
 * `needsAttention` (docs/ogone-protocol.md §9 "Another try on the page").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, type FlowServer } from './helpers.ts';
import {
  HOUR,
  MINUTE,
  onTheCardPage,
  REFUSED_CARD,
  sleep,
  startReconcilingFlow,
  transaction as transactionOf,
  tryCard,
  VISA,
  type ReconcilingFlow,
} from './hosted-page-tries.ts';

describe('a refused try past the maximum age, then paid on the same page with its feedback lost (sqlite)', { timeout: 90_000 }, () => {
  let reconciling: ReconcilingFlow;
  let flow: FlowServer;

  before(async () => {
    reconciling = await startReconcilingFlow({ RECONCILE_MAX_AGE_DAYS: '1' });
    flow = reconciling.flow;
  });
  after(() => reconciling?.close());

  const transaction = (reference: string) => transactionOf(flow, reference);
  const faults = (body: object | 'DELETE') =>
    fetch(`${flow.url}/sandbox/faults`, {
      method: body === 'DELETE' ? 'DELETE' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === 'DELETE' ? {} : { body: JSON.stringify(body) }),
    });

  it('is found paid, or at least flagged for a person — never left declined and silent', async () => {
    const open = await onTheCardPage(flow, 2300, 2 * 24 * 3600);
    assert.equal((await tryCard(flow, open.token, REFUSED_CARD)).status, 200, 'refused: still on the card page');

    reconciling.advance(11 * MINUTE);
    await eventually(
      () => transaction(open.reference),
      (t) => t.state === 'declined',
      'precondition: the query read the refusal between two tries',
      {
        timeoutMs: 8000,
        intervalMs: 100,
      },
    );

    // Past RECONCILE_MAX_AGE_DAYS; the session (and its page) lasts until the second day.
    reconciling.advance(25 * HOUR);
    await sleep(1200);
    // The shopper pays with the next try; the shop's server is down for every one of the platform's retries.
    await faults({ fail: 1000 });
    try {
      assert.equal((await tryCard(flow, open.token, VISA)).status, 303, 'the page ended on the payment');
    } finally {
      await faults('DELETE');
    }
    assert.deepEqual(
      (await sandboxPayments(flow, open.reference)).map((p) => Number(p.status)),
      [2, 9],
      'the platform holds the money',
    );

    // Rounds go by, past the session's expiry: a draft paid so is found within them (draftsOldest); so must this be, or a person told.
    for (let step = 0; step < 14; step++) {
      reconciling.advance(2 * HOUR);
      await sleep(600);
    }
    const final = await transaction(open.reference);
    assert.ok(
      final.state === 'captured' || final.needsAttention === true,
      `the platform captured 23.00 on this order; the ledger says ${final.state}, needsAttention ${final.needsAttention}, syncNeeded ${final.syncNeeded}`,
    );
  });
});
