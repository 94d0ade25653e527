/**
 * A saved-card charge whose order never reached the platform (connection refused, 502) is asked
 * about — by the merchant's `POST /api/transactions/:ref/sync`, or by the reconciler's draft round
 * — and the platform answers "unknown order". orderUnknown (maintenance/sync.ts) then holds the
 * draft back from the reconciler for a while (deferSync, sync_lease_until). That wait shared its
 * column with the charge's send lease (claimDraftSend), and the merchant's retry of the same charge
 * was refused 409 "a charge with this reference is being made" although nothing was being made,
 * for as long as the draft was old. The send lease has a column of its own (migration 0020).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectionRefusingFetch, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

const refusing = connectionRefusingFetch();

describe('a never-sent charge asked about, then retried', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: refusing.fetch },
    });
    card = await saveCard(flow, 'cust-retry-after-sync', '4111111111111111');
  });
  after(() => flow?.close());

  const platformCharges = async (amount: number) =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
      (p) => (Number(p.amount) === amount || Number(p.amount) === amount / 100) && [5, 9].includes(Number(p.status)),
    );

  it('the retry after a sync that found nothing at the platform sends the order', async () => {
    const body = { amount: 3579, currency: 'EUR', reference: 'SUB-RETRY-SYNC-1' };
    refusing.refuseNextOrder();
    const first = await flow.api(`/api/aliases/${card}/charges`, body);
    assert.equal(first.status, 502, JSON.stringify(first.body));
    // The merchant asks what became of it: the platform does not know the order.
    const sync = await flow.api(`/api/transactions/SUB-RETRY-SYNC-1/sync`, {});
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    assert.equal(sync.body.state, 'draft', JSON.stringify(sync.body));
    assert.equal((await platformCharges(3579)).length, 0, 'nothing reached the platform');
    // Nothing is being sent: the retry must send the order (same ORDERID, §8).
    const retry = await flow.api(`/api/aliases/${card}/charges`, body);
    assert.equal(retry.status, 201, `retry: ${retry.status} ${JSON.stringify(retry.body)}`);
    assert.equal((await platformCharges(3579)).length, 1);
  });
});
