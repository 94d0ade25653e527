/**
 * README "Merchant API": errors are a 4xx that names the field — "an unknown query
 * parameter, or one given twice, too". The lists honour that, but the operations and the single
 * object reads take any query string and drop it. A merchant used to Stripe (whose POSTs read
 * query parameters as form fields) who sends `POST …/capture?amount=600` with no body gets the
 * whole authorisation captured (1000), not 600 — money the merchant did not ask to take (review
 * r1160). Now a 400 naming the parameter; server/http/no-query.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('an unknown query parameter on a capture is refused, never dropped', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: 'RES' } });
  });
  after(async () => {
    await flow?.close();
  });

  const raw = (method: string, path: string) =>
    fetch(`${flow.url}${path}`, { method, headers: { authorization: `Bearer ${flow.apiKey}` } });

  it('POST /api/transactions/:reference/capture?amount=600 answers 400 naming amount and captures nothing', async () => {
    const aliasId = await saveCard(flow, 'cust-r1160-q', '4111111111111111');
    const charged = await flow.api(`/api/aliases/${aliasId}/charges`, { amount: 1000, currency: 'EUR', reference: 'R1160-Q-1' });
    assert.equal(charged.status, 201, JSON.stringify(charged.body));
    assert.equal(charged.body.state, 'authorized');
    const reference = charged.body.reference as string;

    const capture = await raw('POST', `/api/transactions/${reference}/capture?amount=600`);
    const body = (await capture.json()) as { error?: { code: string; field?: string } };
    // Whatever happened, read what the payment became (the sandbox settles a capture in ~100 ms).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.equal(
      capture.status,
      400,
      `capture?amount=600 answered ${capture.status} ${JSON.stringify(body).slice(0, 200)}; the payment now has capturedAmount ${after.capturedAmount} (operations ${JSON.stringify(after.operations?.map((o: { amount: number }) => o.amount))})`,
    );
    assert.equal(body.error?.field, 'amount');
    assert.equal(after.capturedAmount, 0);
  });

  it('GET on one object also refuses an unknown query parameter, naming it (as the lists do)', async () => {
    const session = await flow.api('/api/checkout-sessions', { amount: 100, currency: 'EUR' });
    assert.equal(session.status, 201);
    for (const path of [`/api/checkout-sessions/${session.body.id}?expand=transactions`, `/api/buttons?limt=5`]) {
      const response = await raw('GET', path);
      const body = (await response.json()) as { error?: { field?: string } };
      assert.equal(response.status, 400, `${path}: ${response.status}`);
      assert.ok(body.error?.field === 'expand' || body.error?.field === 'limt', `${path}: field ${body.error?.field}`);
    }
  });
});
