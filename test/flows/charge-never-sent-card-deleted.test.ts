/**
 * A merchant charge with an Idempotency-Key whose order never reached the platform (connection
 * refused: 502, the key free again), the card then forgotten (DELETE), the charge retried with
 * the same key. chargeAlias (aliases/charge.ts, the deleted-card branch) asked the platform,
 * which does not know the order, and answered the draft as 202 "under way" — a charge never made
 * and never to be (the card is gone) — which the idempotency middleware then kept for the key,
 * so every later retry was told the same and the typed client resolved a charge never made. It
 * is refused now as a new charge of a forgotten card is.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectionRefusingFetch, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

const refusing = connectionRefusingFetch();

describe('a never-sent charge retried with its key after the card was forgotten', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: refusing.fetch },
    });
    card = await saveCard(flow, 'cust-never-sent-deleted', '4111111111111111');
  });
  after(() => flow?.close());

  const platformCharges = async (amount: number) =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
      (p) => Number(p.amount) === amount,
    );

  it('is refused (4xx naming the card), never a 202 "under way" the key then keeps', async () => {
    const body = { amount: 3737, currency: 'EUR' };
    refusing.refuseNextOrder();
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-deleted-1' });
    assert.equal(first.status, 502, `first: ${first.status} ${JSON.stringify(first.body)}`);
    assert.equal((await platformCharges(3737)).length, 0, 'nothing reached the platform');

    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));

    for (let attempt = 0; attempt < 2; attempt++) {
      const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': 'never-deleted-1' });
      assert.equal((await platformCharges(3737)).length, 0, 'still nothing charged at the platform');
      assert.ok(
        retry.status >= 400 && retry.status < 500,
        `no charge was made and none can be (the card is deleted), yet the retry answers ${retry.status} state ${retry.body.state}: ${JSON.stringify(retry.body)}`,
      );
      assert.equal(retry.body.error.field, 'id');
    }
  });
});
