/**
 * A merchant charge (Idempotency-Key, no reference) whose order never reached the platform while
 * the request timed out (outcome unknown: 504, the key freed). A day later its payment is asked
 * about: the platform does not know the order and the charge's session (24 h) has expired, so the
 * payment is `expired` — nothing was charged and nothing will be. The merchant's retry with the
 * same key (what the README and the typed client do after a 5xx) was answered 202 "accepted, under
 * way" with state `expired`, a 2xx the idempotency layer then keeps for the key: the merchant is
 * told the charge is being made when it never will be (chargeOutcome: "never a 202 under way").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import { chargeOrderIdForKey } from '../../server/payments/reference.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('a keyed charge retried after its payment expired', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;
  let dropNextOrder = false;
  const clock = manualClock(new Date());

  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock,
      reconciler: { intervalMs: 0 },
      directLink: {
        timeoutMs: 1500,
        rtimeoutSeconds: false,
        fetch: (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
          if (dropNextOrder && String(input).includes('orderdirect')) {
            dropNextOrder = false;
            // Timed out before reaching the platform: outcome unknown as the server sees it.
            throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
          }
          return fetch(input, init);
        }) as typeof fetch,
      },
    });
    card = await saveCard(flow, 'cust-r171-expired', '4111111111111111');
  });
  after(() => flow?.close());

  it('is not answered 202 "under way" for a charge that can no longer happen', async () => {
    const body = { amount: 2468, currency: 'EUR' };
    const key = 'r171-expired-1';
    const reference = chargeOrderIdForKey(key);
    dropNextOrder = true;
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
    assert.ok(first.status >= 500, `precondition: first attempt timed out (${first.status} ${JSON.stringify(first.body)})`);

    clock.advance(25 * 3600_000);
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    assert.equal(sync.body.state, 'expired', `precondition: the unknown order is expired (${JSON.stringify(sync.body)})`);

    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
    const charges = (
      (await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }
    ).payments.filter((p) => p.orderId === reference && [5, 9].includes(Number(p.status)));
    assert.ok(
      retry.status !== 202 || charges.length > 0,
      `the retry was answered ${retry.status} (state ${retry.body.state}) while nothing was charged at the platform ` +
        `(${charges.length} charge(s) for ${reference}) and nothing will be: ${JSON.stringify(retry.body)}`,
    );
    assert.deepEqual({ status: retry.status, code: retry.body?.error?.code }, { status: 409, code: 'charge_expired' });
    assert.equal(charges.length, 0);
    // The key keeps that answer: a later retry is told the same, and sends nothing.
    const again = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
    assert.deepEqual({ status: again.status, code: again.body?.error?.code }, { status: 409, code: 'charge_expired' });
  });
});
