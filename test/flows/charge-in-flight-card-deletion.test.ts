/**
 * A merchant charge (reference R) whose order is on its way to the platform — the request holds
 * the draft's send lease, the draft is not flagged syncNeeded — while its card's deletion is
 * requested (DELALIAS not confirmed yet: deletion pending). A retry of the same charge reached
 * chargeAlias's deleted-card branch, whose query found no order yet: the draft counted as "never
 * sent" and the retry was refused 409 alias_deletion_pending "can no longer be charged" — while
 * the first request's order then charged the card under that very reference. The retry is told
 * the charge is being made (the send lease is held).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxPayments, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('a retry of a charge in flight, its card deletion pending', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let card: string;
  const realFetch = globalThis.fetch;
  let stallNext = false;
  let releaseStall: () => void = () => {};
  let reachedStall: () => void = () => {};
  const stallReached = new Promise<void>((resolve) => (reachedStall = resolve));

  before(async () => {
    // The DELALIAS upload fails: the card's deletion stays pending, its alias still at the platform.
    globalThis.fetch = (async (input: any, init?: any) => {
      if (String(input instanceof Request ? input.url : input).includes('AFU_agree.asp')) return new Response('busy', { status: 503 });
      return realFetch(input, init);
    }) as typeof fetch;
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      aliasDeletion: { intervalMs: 3_600_000, firstRetryMs: 3_600_000, maxRetryMs: 3_600_000 },
      directLink: {
        timeoutMs: 60_000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (stallNext && String(input).includes('orderdirect')) {
            stallNext = false;
            // The order is on its way (not at the platform yet).
            await new Promise<void>((resolve) => {
              releaseStall = resolve;
              reachedStall();
            });
            const { signal: _ignored, ...rest } = init ?? {};
            return realFetch(input, rest);
          }
          return realFetch(input, init);
        },
      },
    });
    card = await saveCard(flow, 'cust-in-flight-deletion', '4111111111111111');
  });
  after(async () => {
    releaseStall();
    await flow?.close();
    globalThis.fetch = realFetch;
  });

  it('is told the charge is being made, never that the card can no longer be charged', async () => {
    const reference = 'IN-FLIGHT-DELETION-1';
    const body = { amount: 4242, currency: 'EUR', reference };
    stallNext = true;
    const first = flow.api(`/api/aliases/${card}/charges`, body);
    await stallReached;

    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.equal(forgotten.status, 202, `precondition: deletion pending (${JSON.stringify(forgotten.body)})`);

    const retry = await flow.api(`/api/aliases/${card}/charges`, body);

    releaseStall();
    const charged = await first;
    assert.equal(charged.status, 201, `precondition: the first request charged (${JSON.stringify(charged.body)})`);
    const [payment] = await sandboxPayments(flow, reference);
    assert.ok(payment, 'the platform has the order');

    assert.deepEqual(
      { status: retry.status, code: retry.body?.error?.code },
      { status: 409, code: 'duplicate_reference' },
      `the retry was told ${retry.status} ${JSON.stringify(retry.body)} while the charge ${reference} was being made ` +
        `and then charged the card (${charged.status}, state ${charged.body.state})`,
    );
  });
});
