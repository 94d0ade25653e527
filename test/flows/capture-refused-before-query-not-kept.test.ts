/**
 * Review r1000 of 2afad2a / 236a97d ("in-flight refusals are not kept").
 *
 * A capture refused only because the payment's outcome is still awaited — a saved-card charge
 * whose order got no answer (the platform authorised it; the draft is flagged for the query) —
 * is answered 409 "this payment has no PAYID yet (state draft)" *without* Retry-After, and the
 * Idempotency-Key middleware keeps it as the key's outcome. Once the query found the payment
 * authorised, the merchant's retry of the same capture under the same key replays the refusal
 * (for a day): the authorisation is never captured by that job. The README promises that a
 * refusal that holds "only while ... a query is awaited" carries Retry-After and is never kept.
 * planOperation (server/domain/ledger.ts) only treats AWAITS_QUERY_MESSAGE and open operations as
 * passing; a draft with syncNeeded (an order whose answer was lost) is awaiting its query too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerLosingFetch, saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

describe("a capture refused while a charge's lost answer awaits its query", { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;
  const losing = answerLosingFetch();

  before(async () => {
    flow = await startFlowServer('sqlite', {
      env: { OGONE_OPERATION: 'RES' },
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 5000, rtimeoutSeconds: false, fetch: losing.fetch },
    });
    card = await saveCard(flow, 'cust-r1000-capture-kept', '4111111111111111');
  });
  after(() => flow?.close());

  it('the refusal says when to ask again and is not kept: the same capture later captures', async () => {
    const reference = 'CAPTURE-BEFORE-QUERY-1';
    losing.loseNextAnswer('orderdirect');
    const charge = await flow.api(`/api/aliases/${card}/charges`, { amount: 2468, currency: 'EUR', reference });
    assert.ok(charge.status >= 500, `precondition: the charge's answer was lost (${charge.status} ${JSON.stringify(charge.body)})`);

    const key = { 'idempotency-key': 'r1000-capture-kept-key' };
    const early = await fetch(`${flow.url}/api/transactions/${reference}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${flow.apiKey}`, 'content-type': 'application/json', ...key },
      body: JSON.stringify({}),
    });
    const earlyBody = await early.text();
    assert.equal(early.status, 409, earlyBody);

    // The query finds the order authorised at the platform.
    const synced = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.state, 'authorized', JSON.stringify(synced.body));

    const retry = await flow.api(`/api/transactions/${reference}/capture`, {}, key);
    assert.ok(
      retry.status === 200 || retry.status === 201 || retry.status === 202,
      `the same capture under its key after the query: ${retry.status} ${JSON.stringify(retry.body)} — ` +
        `the first refusal (${early.status}, Retry-After ${early.headers.get('retry-after')}: ${earlyBody}) was kept as the key's outcome`,
    );
  });
});
