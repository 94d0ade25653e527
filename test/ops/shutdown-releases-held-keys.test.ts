/**
 * A shutdown past SHUTDOWN_GRACE_SECONDS while a merchant charge waits on the platform (a deploy
 * during a slow DirectLink call): the request is never answered, and its Idempotency-Key stayed
 * reserved, so the merchant's retry on the next instance met 409 idempotency_in_progress for ten
 * minutes (ABANDONED_RESERVATION_MS). The key now goes back at shutdown, as after a 5xx: the
 * retry runs the charge again, which finds its draft (one order, aliases/charge.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SEND_LEASE_MS } from '../../server/aliases/charge.ts';
import { manualClock } from '../../server/clock.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

describe('a shutdown past its grace period with a charge waiting on the platform', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let next: RunningServer | undefined;
  let hang = false;
  let firstOrderId: string | undefined;
  const hanging: typeof fetch = (input, init) => {
    if (hang && new URL(String(input)).pathname.includes('orderdirect')) {
      firstOrderId = new URLSearchParams(String(init?.body)).get('ORDERID') ?? '';
      return new Promise<Response>(() => {}); // the platform never answers before the process stops
    }
    return fetch(input, init);
  };
  const sentAgain: string[] = [];
  const counting: typeof fetch = (input, init) => {
    if (new URL(String(input)).pathname.includes('orderdirect'))
      sentAgain.push(new URLSearchParams(String(init?.body)).get('ORDERID') ?? '');
    return fetch(input, init);
  };

  before(async () => {
    flow = await startFlowServer('sqlite', {
      http: { shutdownGraceMs: 200 },
      directLink: { timeoutMs: 600_000, rtimeoutSeconds: false, fetch: hanging },
    });
  });
  after(async () => {
    await next?.close();
    await flow?.close();
  });

  it("the next instance runs the retry: the key is not held for the stopped process's request", async () => {
    const card = await saveCard(flow, 'cust-shutdown-held-key', '4111111111111111');
    hang = true;
    const key = 'charge-during-deploy-1';
    const body = { amount: 4242, currency: 'EUR' };
    const first = flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key }).catch((error: unknown) => error);
    while (firstOrderId === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    await flow.server.close(); // SIGTERM's path: drain for the grace period, then stop
    await first;

    const clock = manualClock(new Date());
    next = await startServer({
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      sandbox: { maintenanceDelayMs: 100 },
      reconciler: { intervalMs: 0 },
      clock,
      directLink: { timeoutMs: 10_000, rtimeoutSeconds: false, fetch: counting },
      env: { OGONE_ENVIRONMENT: 'sandbox', ...flow.database.env },
    });
    const charge = async () => {
      const response = await fetch(`${next!.url}/api/aliases/${card}/charges`, {
        method: 'POST',
        headers: { authorization: `Bearer ${flow.apiKey}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Record<string, any>,
      };
    };
    // The charge's own answer: its order may be at the platform, its send lease the stopped
    // process's — "being made", to be asked again — not the key's ten-minute 409.
    const retry = await charge();
    assert.notEqual(retry.body.error?.code, 'idempotency_in_progress', `the retry met ${retry.status} ${JSON.stringify(retry.body)}`);
    assert.equal(retry.status, 409, JSON.stringify(retry.body));
    assert.ok(retry.retryAfter, 'asked to come back');

    // Once that lease ran out, the retry sends the order again, under the key's ORDERID (never
    // charged twice: docs/ogone-protocol.md §8). This sandbox is a new process, which does not
    // know the card the first one saved: only what was sent is asserted.
    clock.advance(SEND_LEASE_MS + 1000);
    await charge();
    assert.equal(sentAgain.length, 1, `orders sent after the lease: ${sentAgain.join(', ')}`);
    assert.equal(sentAgain[0], firstOrderId);
  });
});
