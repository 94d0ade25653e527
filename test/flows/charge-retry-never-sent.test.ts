/**
 * Merchant charges of a saved card retried with their Idempotency-Key, where the first request's
 * outcome was known but not a charge:
 * - its order never reached the platform (connection refused): 502, the key free again. The
 *   retry found the key's draft, not flagged for the reconciler, and answered 202 "under way"
 *   without sending it; the key kept that 202 and the typed client resolved a charge never made.
 *   The retry now sends the order (the same ORDERID: never charged twice, §8) — with the
 *   merchant's own reference too, whose retry was refused 409 duplicate_reference for good.
 * - its answer was lost (504; the platform charged), then the retry, same key and amount, named a
 *   `reference`: the key's order was not looked up, and the card was charged a second time. Such
 *   a retry is now refused, `idempotency_key_reused`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../shared/client/index.ts';
import { answerLosingFetch, connectionRefusingFetch, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

const refusing = connectionRefusingFetch();

describe('a saved-card charge retried with its Idempotency-Key after a known failure', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const lossy = answerLosingFetch(refusing.fetch);
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: lossy.fetch },
    });
    card = await saveCard(flow, 'cust-never-sent', '4111111111111111');
  });
  after(() => flow?.close());

  const platformCharges = async (amount: number) =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
      (p) => (Number(p.amount) === amount || Number(p.amount) === amount / 100) && [5, 9].includes(Number(p.status)),
    );

  it('an order that never reached the platform is sent by the retry, once', async () => {
    const body = { amount: 2468, currency: 'EUR' };
    refusing.refuseNextOrder();
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-sent-1' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    assert.equal((await platformCharges(2468)).length, 0, 'nothing reached the platform');
    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-sent-1' });
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
    assert.equal((await platformCharges(2468)).length, 1);
    const again = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-sent-1' });
    assert.equal(again.body.reference, retry.body.reference);
    assert.equal((await platformCharges(2468)).length, 1, 'the key replayed, not charged again');
  });

  it('the typed client, retrying the 5xx with the same key, resolves a charge that was made', async () => {
    const client = createClient({ baseUrl: flow.url, apiKey: flow.apiKey, maxRetries: 2 });
    refusing.refuseNextOrder();
    const outcome = await client.aliases.charge(card, { amount: 1357, currency: 'EUR' }, { idempotencyKey: 'never-sent-2' });
    assert.equal(outcome.state, 'captured', JSON.stringify(outcome));
    assert.equal((await platformCharges(1357)).length, 1);
  });

  it('with its own reference: 502, then the same charge is sent by the retry, once', async () => {
    const body = { amount: 4321, currency: 'EUR', reference: 'SUB-NEVER-SENT-1' };
    refusing.refuseNextOrder();
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-sent-ref-1' });
    assert.equal(first.status, 502, JSON.stringify(first.body));
    assert.equal((await platformCharges(4321)).length, 0, 'nothing reached the platform');
    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-sent-ref-1' });
    assert.equal(retry.status, 201, `retry: ${retry.status} ${JSON.stringify(retry.body)}`);
    assert.equal((await platformCharges(4321)).length, 1);
    // The typed client's own retry of the 502, as in the README's example with a reference.
    const client = createClient({ baseUrl: flow.url, apiKey: flow.apiKey, maxRetries: 2 });
    refusing.refuseNextOrder();
    const outcome = await client.aliases.charge(card, { amount: 2469, currency: 'EUR', reference: 'SUB-NEVER-SENT-2' });
    assert.equal(outcome.state, 'captured', JSON.stringify(outcome));
    assert.equal((await platformCharges(2469)).length, 1);
  });

  it('the key of a lost answer, retried with a reference, charges nothing more', async () => {
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(`/api/aliases/${card}/charges`, { amount: 5151, currency: 'EUR' }, { 'idempotency-key': 'key-ref-1' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const retry = await flow.api(
      `/api/aliases/${card}/charges`,
      { amount: 5151, currency: 'EUR', reference: 'SUB-2026-12' },
      { 'idempotency-key': 'key-ref-1' },
    );
    assert.equal(retry.body.error?.code, 'idempotency_key_reused', `${retry.status} ${JSON.stringify(retry.body)}`);
    assert.equal((await platformCharges(5151)).length, 1, 'the first order only');
  });
});
