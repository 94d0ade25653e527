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
import { hostedAttempt, type FlowServer } from './helpers.ts';
import {
  eventTypes as eventTypesOf,
  FORM,
  HOUR,
  MINUTE,
  REFUSED_CARD,
  sleep,
  startReconcilingFlow,
  transaction as transactionOf,
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
  const askedAbout = (reference: string) => reconciling.queries.filter((q) => q.orderId === reference).length;

  it('is flagged needs_attention at the maximum age, and no longer asked about', async () => {
    // A two-day session (a payment link), the shopper on the card page at once, one refused try.
    const session = await flow.api('/api/checkout-sessions', { amount: 2100, currency: 'EUR', expiresIn: 2 * 24 * 3600 });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const open = await hostedAttempt(flow, session.body.id as string);
    const page = await (await fetch(open.action, { method: 'POST', body: new URLSearchParams(open.fields), headers: FORM })).text();
    const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(token, 'the card page');
    const refused = await fetch(`${flow.url}/ncol/test/sandbox_pay.asp`, {
      method: 'POST',
      headers: FORM,
      redirect: 'manual',
      body: new URLSearchParams({ TOKEN: token, CARDNO: REFUSED_CARD, ED: '12/30', CN: 'Zoë Test', CVC: '123', ACTION: 'pay' }),
    });
    await refused.arrayBuffer();
    assert.equal(refused.status, 200, 'refused: still on the card page');

    // The reconciler's draft query reads the refusal between two tries.
    reconciling.advance(11 * MINUTE);
    const deadline = Date.now() + 8000;
    while ((await transaction(open.reference)).state !== 'declined' && Date.now() < deadline) await sleep(100);
    const declined = await transaction(open.reference);
    assert.equal(declined.state, 'declined');

    // A day and an hour later (past RECONCILE_MAX_AGE_DAYS=1), its page may still be paid until the session's expiry.
    reconciling.advance(25 * HOUR);
    const deadline2 = Date.now() + 8000;
    while (!(await transaction(open.reference)).needsAttention && Date.now() < deadline2) await sleep(100);
    const later = await transaction(open.reference);
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
