/**
 * Review r1050. A merchant charge with a `reference` whose order never reached the platform (connection
 * refused: 502, its draft kept), retried with the same reference, amount and currency but another
 * `operation` (RES first, SAL in the "retry"). charge.ts takes it for "the same charge"
 * (sameCharge compares card, amount and currency only) and sends the new operation under the
 * draft recorded for the old one: the platform captures (SAL) an order our record calls an
 * authorisation only (RES), or the reverse. A different operation is a different charge:
 * 409 duplicate_reference, as for a different amount — or at least the record must say what was sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectionRefusingFetch, saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';

const refusing = connectionRefusingFetch();

describe('a charge retried with another operation', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: refusing.fetch },
    });
    card = await saveCard(flow, 'cust-r1050-op', '4111111111111111');
  });
  after(() => flow?.close());

  it('is not sent as the same charge', async () => {
    const reference = 'R1050-OP-1';
    refusing.refuseNextOrder();
    const first = await flow.api(`/api/aliases/${card}/charges`, { amount: 1357, currency: 'EUR', reference, operation: 'RES' });
    assert.ok(first.status >= 500, `first: ${first.status} ${JSON.stringify(first.body)}`);
    const second = await flow.api(`/api/aliases/${card}/charges`, { amount: 1357, currency: 'EUR', reference, operation: 'SAL' });
    const platform = ((await (await fetch(`${flow.url}/sandbox/payments?orderId=${reference}`)).json()) as { payments: any[] }).payments;
    const recorded = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.deepEqual(
      {
        answer: second.status,
        sentOperations: platform.map((p) => p.operation),
        recordedOperation: recorded.operation,
      },
      { answer: 409, sentOperations: [], recordedOperation: 'RES' },
      `second: ${second.status} ${JSON.stringify(second.body)}; recorded ${JSON.stringify({ op: recorded.operation, state: recorded.state })}`,
    );
  });
});
