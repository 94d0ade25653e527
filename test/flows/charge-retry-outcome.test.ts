/**
 * A merchant charge retried with its Idempotency-Key after a 5xx, which the README advises and the
 * typed client does by itself, is answered with what became of the first one:
 * - refused by the platform (STATUS 0 with an NCERROR, nothing charged): the refusal again, never
 *   a 202 "under way" that the key would then keep and the client would resolve;
 * - its answer lost though the platform charged, and the card forgotten since: the charge, found
 *   by a query, never a 404 "no saved card" for a card that was charged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, OgoneCheckoutError } from '../../shared/client/index.ts';
import { answerLosingFetch, saveCard, startFlowServer, wrongPasswordFetch, type FlowServer } from './helpers.ts';

async function platformPayments(flow: FlowServer): Promise<Array<Record<string, any>>> {
  return ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
}

describe('a refused charge retried with its Idempotency-Key', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let broken = false;
  /** DirectLink calls still to be sent with a wrong password (refused by the platform). */
  let refusals = 0;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      directLink: { fetch: wrongPasswordFetch(() => broken || refusals-- > 0) },
    });
    card = await saveCard(flow, 'cust-rev-refused', '4111111111111111');
  });
  after(() => flow?.close());

  it('the retry answers the refusal again, never 202 "accepted"', async () => {
    const body = { amount: 1313, currency: 'EUR' };
    broken = true;
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'rev-refused-1' });
    broken = false;
    assert.equal(first.status, 502, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const second = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'rev-refused-1' });
    assert.ok(
      second.status >= 400,
      `a refused charge retried with its key must not be answered ${second.status} (state ${second.body.state}): ${JSON.stringify(second.body)}`,
    );
  });

  it('the typed client (which retries 5xx with the same key) does not resolve a refused charge', async () => {
    const client = createClient({ baseUrl: flow.url, apiKey: flow.apiKey, maxRetries: 2 });
    // Only the first order is refused (nothing charged): the client's own retry must still report it.
    refusals = 1;
    let outcome: unknown;
    try {
      outcome = await client.aliases.charge(card, { amount: 1414, currency: 'EUR' }, { idempotencyKey: 'rev-refused-2' });
    } catch (error) {
      outcome = error;
    } finally {
      refusals = 0;
    }
    assert.ok(outcome instanceof OgoneCheckoutError, `a charge the platform refused resolved: ${JSON.stringify(outcome)}`);
  });
});

describe('a charge whose answer was lost, retried after the card was forgotten', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const lossy = answerLosingFetch();
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: lossy.fetch },
    });
    card = await saveCard(flow, 'cust-rev-lost', '4111111111111111');
  });
  after(() => flow?.close());

  it('the retry with the same key tells the charge that was made, not 404', async () => {
    const body = { amount: 888, currency: 'EUR', operation: 'SAL' };
    lossy.loseNextAnswer('orderdirect');
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'rev-lost-1' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const charged = (await platformPayments(flow)).filter((p) => p.amount === 888);
    assert.equal(charged.length, 1, 'the platform charged the card once');

    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));

    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'rev-lost-1' });
    assert.equal(
      retry.status,
      201,
      `the charge was captured at the platform (${charged[0]?.orderId}), yet its retry answers ${retry.status} ${JSON.stringify(retry.body)}`,
    );
    assert.equal(retry.body.reference, charged[0]?.orderId);
    assert.equal((await platformPayments(flow)).filter((p) => p.orderId === charged[0]?.orderId).length, 1);
  });
});
