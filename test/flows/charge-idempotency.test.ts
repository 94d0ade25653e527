/**
 * A merchant's charge of a saved card with an Idempotency-Key and no `reference`, whose answer is
 * lost (the platform charged; 504 here): the API's advice is to retry with the same key. The key
 * names the order (payments/reference.ts chargeOrderIdForKey), so the retry reaches the platform as the
 * same ORDERID and is not charged again. (A fresh ORDERID per request charged the card twice.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerLosingFetch, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('a charge retried with its Idempotency-Key after a lost answer', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const lossy = answerLosingFetch();
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: lossy.fetch },
    });
    card = await saveCard(flow, 'cust-idem', '4111111111111111');
  });
  after(() => flow?.close());

  const platformPayments = async () =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;

  it('one charge at the platform after a 504 and a retry with the same key', async () => {
    const body = { amount: 777, currency: 'EUR', operation: 'SAL' };
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'charge-k1' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const second = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'charge-k1' });
    const charges = (await platformPayments()).filter(
      (p) => Number(p.amount) === 777 || Number(p.amount) === 7.77 || String(p.amount) === '7.77',
    );
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.state, 'captured');
    assert.equal(second.body.reference, charges[0]?.orderId, 'the retry is the order the platform charged');
    assert.equal(
      charges.length,
      1,
      `expected one charge of 7.77 at the platform; got ${charges.length}: ${JSON.stringify(charges.map((p) => [p.orderId, p.status, p.amount]))}; second answer ${second.status} ${JSON.stringify(second.body)}`,
    );
  });

  it('the same retry after the card was forgotten tells the charge that was made, never 404', async () => {
    const card = await saveCard(flow, 'cust-idem-forgotten', '4111111111111111');
    const body = { amount: 888, currency: 'EUR', operation: 'SAL' };
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'charge-forgotten-1' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const charged = (await platformPayments()).filter((p) => p.amount === 888);
    assert.equal(charged.length, 1, 'the platform charged the card once');

    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));

    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'charge-forgotten-1' });
    assert.equal(
      retry.status,
      201,
      `the charge was captured at the platform (${charged[0]?.orderId}), yet its retry answers ${retry.status} ${JSON.stringify(retry.body)}`,
    );
    assert.equal(retry.body.reference, charged[0]?.orderId);
    assert.equal((await platformPayments()).filter((p) => p.orderId === charged[0]?.orderId).length, 1);
  });
});
