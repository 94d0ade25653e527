/**
 * A merchant charge sent with an Idempotency-Key AND a `reference`, whose answer is lost
 * (504: the platform charged), retried with the same key but a different body — without the
 * reference, or with another one. When the key was deleted after the 5xx, the retry ran as a new
 * request: a new ORDERID, the card charged twice under one Idempotency-Key. The key stays bound
 * to its body (repository/idempotency.ts, RELEASED): the retry is refused with 422.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerLosingFetch, saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

describe('one Idempotency-Key, the reference changed on the retry after a lost answer', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const lossy = answerLosingFetch();
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: lossy.fetch },
    });
    card = await saveCard(flow, 'cust-key-bound', '4111111111111111');
  });
  after(() => flow?.close());

  const platformCharges = async (amount: number) =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
      (p) => Number(p.amount) === amount,
    );

  it('key + reference lost, then the same key without the reference: never a second charge', async () => {
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(
      `/api/aliases/${card}/charges`,
      { amount: 6161, currency: 'EUR', reference: 'LOST-REF-1' },
      { 'idempotency-key': 'lost-key-1' },
    );
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    assert.equal((await platformCharges(6161)).length, 1, 'the platform charged the first order');

    const retry = await flow.api(`/api/aliases/${card}/charges`, { amount: 6161, currency: 'EUR' }, { 'idempotency-key': 'lost-key-1' });
    const charges = await platformCharges(6161);
    assert.equal(
      charges.length,
      1,
      `one Idempotency-Key, two charges at the platform: ${JSON.stringify(charges.map((p) => [p.orderId, p.status]))}; retry answered ${retry.status} ${JSON.stringify(retry.body)}`,
    );
    assert.equal(retry.status, 422, `the retry with a changed body is refused: ${JSON.stringify(retry.body)}`);
  });

  it('key + reference lost, then the same key with another reference: never a second charge', async () => {
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(
      `/api/aliases/${card}/charges`,
      { amount: 6262, currency: 'EUR', reference: 'LOST-REF-2' },
      { 'idempotency-key': 'lost-key-2' },
    );
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const retry = await flow.api(
      `/api/aliases/${card}/charges`,
      { amount: 6262, currency: 'EUR', reference: 'LOST-REF-2b' },
      { 'idempotency-key': 'lost-key-2' },
    );
    const charges = await platformCharges(6262);
    assert.equal(
      charges.length,
      1,
      `one Idempotency-Key, two charges at the platform: ${JSON.stringify(charges.map((p) => [p.orderId, p.status]))}; retry answered ${retry.status} ${JSON.stringify(retry.body)}`,
    );
    assert.equal(retry.status, 422, JSON.stringify(retry.body));
    assert.equal(retry.body.error.code, 'idempotency_key_reused');

    // The same request again is still a retry: it runs, finds its order and answers it.
    const same = await flow.api(
      `/api/aliases/${card}/charges`,
      { amount: 6262, currency: 'EUR', reference: 'LOST-REF-2' },
      { 'idempotency-key': 'lost-key-2' },
    );
    assert.equal(same.status, 201, JSON.stringify(same.body));
    assert.equal(same.body.reference, 'LOST-REF-2');
    assert.equal((await platformCharges(6262)).length, 1, 'still one charge');
  });
});
