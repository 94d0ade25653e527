/**
 * A card saved through a DirectLink query gets its expiry date from the platform's deferred
 * feedback, and the same card paid again is then one saved card (review r1150).
 *
 * The shopper pays on the hosted page, saving the card; the platform's server-to-server feedback
 * fails and the tab is closed. The merchant's sync (`POST /api/transactions/:ref/sync`) queries
 * the order: captured, ALIAS named — the card is saved (docs/ogone-protocol.md §10). A query's
 * answer carries no ED (DirectLink guide, "Direct Query": the new-order attributes + PAYIDSUB,
 * CARDNO, IP), so the card is saved with `expiry: null` and no holder.
 *
 * The platform then delivers the deferred feedback it kept retrying (e-Commerce Advanced: "online
 * but switch to a deferred request", every 10 minutes, at most 4 times), which carries ED=1230 and
 * CN. Expected: the saved card gets its expiry date from it (what the widget shows, what hides a
 * card past its expiry — review r1070), and the same card paid again later with saving ticked is
 * one saved card (README: "a card saved again — the same brand, masked number and expiry — keeps
 * its saved card and id"; §10 "The same card saved again").
 * Before the fix the saved card kept `expiry: null` for good (its row was written once, at the
 * query), and the second payment added a second saved card for the same VISA …1111 12/30.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { hostedAttempt, paySession, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

describe('a card saved through a query (its feedback late)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  const customer = 'cust-r1150-query';
  let reference: string;

  before(async () => {
    flow = await startFlowServer('sqlite');
    const session = await flow.api('/api/checkout-sessions', {
      amount: 100,
      currency: 'EUR',
      customer: { id: customer, name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(session.status, 201);
    const attempt = await hostedAttempt(flow, session.body.id, { saveCard: true });
    reference = attempt.reference;
    // The server-to-server feedback fails; the browser's redirect is never followed (tab closed).
    await fetch(`${flow.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fail":50}' });
    try {
      await payOnHostedPage(attempt, '4111111111111111', { save: true, holder: 'Zoë Test' });
    } finally {
      await fetch(`${flow.url}/sandbox/faults`, { method: 'DELETE' });
    }
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.ok(sync.status < 300, JSON.stringify(sync.body));
    assert.equal((await flow.api(`/api/transactions/${reference}`)).body.state, 'captured');
  });
  after(() => flow?.close());

  const saved = async () =>
    (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; expiry: string | null; last4: string }>;

  it("the platform's deferred feedback (ED=1230) gives the saved card its expiry date", async () => {
    const cards = await saved();
    assert.equal(cards.length, 1, 'the query saved the card');
    const [payment] = await sandboxPayments(flow, reference);
    const resent = await fetch(`${flow.url}/sandbox/payments/${payment!.payId}/feedback`, { method: 'POST' });
    assert.equal(resent.status, 200, await resent.text());
    const [card] = await saved();
    assert.equal(String(card?.expiry ?? '').replace(/\D/g, ''), '1230', `the saved card: ${JSON.stringify(card)}`);
    // The payment too: its feedback (logged, signed) says ED=1230 and CN, the payment shows neither.
    const transaction = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.equal(String(transaction.expiry ?? '').replace(/\D/g, ''), '1230', "the payment's expiry");
  });

  it('the same card paid again and saved is still one saved card', async () => {
    await paySession(flow, customer, '4111111111111111');
    const cards = await saved();
    assert.equal(cards.length, 1, `one VISA …1111 12/30 saved twice: ${JSON.stringify(cards.map((c) => [c.id, c.last4, c.expiry]))}`);
  });
});
