/**
 * A merchant charge retried with its Idempotency-Key after a 5xx, which the README advises and the
 * typed client does by itself, after the platform refused it (STATUS 0 with an NCERROR, nothing
 * charged): the refusal again, never a 202 "under way" that the key would then keep and the client
 * would resolve. (A retry after a lost answer: charge-idempotency.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, OgoneCheckoutError } from '../../shared/client/index.ts';
import { saveCard, startFlowServer, wrongPasswordFetch, type FlowServer } from './helpers.ts';

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
