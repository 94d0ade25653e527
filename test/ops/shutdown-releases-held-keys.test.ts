/**
 * A shutdown past SHUTDOWN_GRACE_SECONDS with requests still running (a deploy during a slow
 * DirectLink call, a statement waiting on a lock): they are never answered, and their
 * Idempotency-Keys stayed reserved, so the merchant's retry on the next instance met 409
 * idempotency_in_progress for ten minutes (ABANDONED_RESERVATION_MS). The keys now go back once
 * the stopping process has closed its database and can write nothing more, as after a 5xx: the
 * retry runs the request afresh — a charge finds its draft (one order, aliases/charge.ts) — and a
 * late write of the stopped request can never replace the answer the retry was given (review
 * r1080 found that when the keys went back before the database closed).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SEND_LEASE_MS } from '../../server/aliases/charge.ts';
import { manualClock } from '../../server/clock.ts';
import pg from 'pg';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

const startNext = (env: Record<string, string>, clock?: ReturnType<typeof manualClock>, fetchImpl?: typeof fetch) =>
  startServer({
    port: 0,
    host: '127.0.0.1',
    quiet: true,
    sandbox: { maintenanceDelayMs: 100 },
    reconciler: { intervalMs: 0 },
    ...(clock ? { clock } : {}),
    ...(fetchImpl ? { directLink: { timeoutMs: 10_000, rtimeoutSeconds: false, fetch: fetchImpl } } : {}),
    env: { OGONE_ENVIRONMENT: 'sandbox', ...env },
  });

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
    next = await startNext(flow.database.env, clock, counting);
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

describe('a shutdown past its grace period with a session creation waiting on a lock (postgres)', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let next: RunningServer | undefined;
  let locker: pg.Client | undefined;
  before(async () => {
    flow = await startFlowServer('postgres', { http: { shutdownGraceMs: 200 } });
  });
  after(async () => {
    await locker?.end().catch(() => {});
    await next?.close();
    await flow?.close();
  });

  it('the key answers the retry, and keeps that answer: the stopped request cannot replace it', async () => {
    const key = 'session-during-deploy-1';
    const body = { amount: 7001, currency: 'EUR', metadata: { order: 'ORDER-7001' } };
    const post = (url: string) =>
      fetch(`${url}/api/checkout-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${flow.apiKey}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));

    // Another connection holds the sessions table: the creation waits on its INSERT.
    locker = new pg.Client({ connectionString: flow.database.env.DATABASE_URL });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table checkout_sessions in share mode');
    const first = post(flow.url).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closing = flow.server.close();
    next = await startNext(flow.database.env);
    // Past the grace period, the stopping process still closing its database (its INSERT waits):
    // the key is still its own, and a retry now is told to come back.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const early = await post(next.url);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(early.body.error.code, 'idempotency_in_progress');
    await locker.query('commit'); // the stopped request's INSERT goes through now
    await closing;
    const firstAnswer = await first;
    assert.ok(firstAnswer instanceof Error, `the stopped request was never answered: ${JSON.stringify(firstAnswer)}`);

    const retry = await post(next.url);
    assert.equal(retry.status, 201, `the retry ran: ${JSON.stringify(retry.body)}`);
    const replay = await post(next.url);
    assert.equal(replay.status, 201);
    assert.equal(replay.body.id, retry.body.id, 'the key replays the answer its retry was given');
  });
});
