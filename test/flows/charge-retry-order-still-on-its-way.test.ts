/**
 * A saved-card charge whose DirectLink order timed out (its answer lost) while the order is in fact
 * still on its way to the platform ("an attempt whose DirectLink call got no answer may have been
 * charged; the guides give no bound beyond the request timeout", docs/ogone-protocol.md §14). The
 * merchant forgets the card (its deletion still pending at the platform) and retries at once with
 * the same key. The retry's query finds no such order yet: that proves nothing before the
 * platform's own timeout has passed, and a refusal — which the key would keep — would tell the
 * merchant no charge was made while the order then lands and the card is charged.
 *
 * Review r480 found this in a fix this round tried and reverted (answering such a retry 4xx, for
 * review r450's "202 under way kept for a charge never made": §14 keeps that as a limit).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';
import { chargeOrderIdForKey } from '../../server/payments/reference.ts';

const realFetch = globalThis.fetch.bind(globalThis);
let delayNextOrder = false;
let breakBatch = false;
let release: (() => void) | undefined;
let landed: Promise<unknown> | undefined;

/** Times out the next new order at once, but lets it reach the platform later (when released). */
const delaying = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  if (delayNextOrder && new URL(String(input)).pathname.includes('orderdirect')) {
    delayNextOrder = false;
    const { signal: _signal, ...rest } = init ?? {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    landed = gate.then(() => realFetch(input, rest).then((r) => r.text()));
    throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  }
  return realFetch(input, init);
}) as typeof fetch;

describe('a timed-out charge still on its way, retried at once after the card was forgotten (sqlite)', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    // The Batch DELALIAS upload (global fetch) fails: the card's deletion stays pending at the platform.
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      if (breakBatch && String(input).includes('AFU_agree')) return new Response('down', { status: 503 });
      return realFetch(input, init);
    }) as typeof fetch;
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: delaying },
    });
    card = await saveCard(flow, 'cust-inflight', '4111111111111111');
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await flow?.close();
  });

  const platformCharges = async (amount: number) =>
    ((await (await realFetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
      (p) => Number(p.amount) === amount,
    );

  it('is not refused when the platform then charges the order', async () => {
    const body = { amount: 4747, currency: 'EUR' };
    const key = 'inflight';
    delayNextOrder = true;
    const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
    assert.equal(first.status, 504, `precondition: the first answer was lost: ${first.status} ${JSON.stringify(first.body)}`);

    breakBatch = true;
    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));

    const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });

    // The order, on its way all along, reaches the platform.
    release!();
    await landed;
    const charged = await platformCharges(4747);
    assert.equal(charged.length, 1, 'precondition: the platform charged the order');
    // The merchant (or the reconciler) asks later: the charge is found. The key kept the 4xx
    // (server/http/idempotency.ts keeps every non-5xx answer), so the same retry still says refused.
    const reference = chargeOrderIdForKey(key);
    const synced = await flow.api(`/api/transactions/${reference}/sync`, {});
    const again = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
    assert.ok(
      !(retry.status >= 400 && retry.status < 500),
      `the platform charged 47.47 for this order, yet the retry answered ${retry.status} ` +
        `${JSON.stringify(retry.body).slice(0, 300)}: the merchant is told no charge was made. ` +
        `Later: the sync says state ${synced.body.state}; the same retry again answers ${again.status} ${JSON.stringify(again.body).slice(0, 160)}`,
    );
  });
});
