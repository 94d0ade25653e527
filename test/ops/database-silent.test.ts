/**
 * PostgreSQL stops answering without closing anything (a network partition, a frozen
 * database host): the connections the pool holds stay open, no byte comes back.
 *
 * docs/deploy.md §6: "`GET /readyz` — 200 … when the database answers too; 503 when it does not".
 * docs/deploy.md §9: "A request waiting for a connection fails with 503 after 10 s."
 * README "Operations: what is guaranteed", Shutdown: "requests in flight finish (at most
 * SHUTDOWN_GRACE_SECONDS, then their connections are cut) … the database closes, and the process
 * exits 0."
 *
 * A load balancer's readiness probe and systemd's stop need an answer in bounded time. Review
 * r1200 found the pool handing out a connection whose peer went silent, the query waiting on it
 * for good: /readyz never answered, and SIGTERM never finished (systemd's SIGKILL after
 * TimeoutStopSec ended it). /readyz now gives up after 5 s (503), and the serve command exits
 * once the grace period and a margin are over.
 *
 * An API request on such a connection still waited for good (r1200, left in note 34): the pool's
 * connect timeout covers only requests waiting for a connection. A query without an answer for
 * DATABASE_QUERY_TIMEOUT_SECONDS now closes its connection and fails its request with 503
 * (server/db/query-deadline.ts), and once the database answers again the pool serves from fresh
 * connections, not from the stuck ones.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { MERCHANT_API_KEY, serverEnv } from '../support/accounts.ts';
import { api } from '../support/merchant.ts';
import { startFreezableProxy, type FreezableProxy } from '../support/frozen-proxy.ts';

async function timed(url: string, init: RequestInit, limitMs: number): Promise<{ status: number | 'no answer'; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(limitMs) });
    await response.arrayBuffer();
    return { status: response.status, ms: Date.now() - started };
  } catch {
    return { status: 'no answer', ms: Date.now() - started };
  }
}

describe('PostgreSQL stops answering (connections kept open, silent)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let proxy: FreezableProxy;
  let server: ServerProcess;
  let sessionId: string;

  before(async () => {
    database = await createTestDatabase('postgres');
    const direct = new URL(database.env.DATABASE_URL!);
    proxy = await startFreezableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const throughProxy = new URL(direct);
    throughProxy.port = String(proxy.port);
    server = await spawnServer({
      env: serverEnv('http://127.0.0.1:9', {
        DATABASE_URL: throughProxy.toString(),
        DATA_DIR: database.dataDir,
        RECONCILE_INTERVAL_SECONDS: '0',
        SHUTDOWN_GRACE_SECONDS: '2',
        DATABASE_POOL_SIZE: '4',
        DATABASE_QUERY_TIMEOUT_SECONDS: '3',
      }),
    });
    const created = await api(server.url, '/api/checkout-sessions', {
      json: { amount: 1500, currency: 'EUR', successUrl: 'https://shop.example.com/thanks', failureUrl: 'https://shop.example.com/cart' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    sessionId = created.body.id as string;
    // Warm the pool: a few connections open and idle, as on any server that has been serving.
    await Promise.all(Array.from({ length: 4 }, () => fetch(`${server.url}/readyz`).then((r) => r.arrayBuffer())));
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200, 'ready before the database goes silent');
    proxy.freeze();
  });

  after(async () => {
    proxy?.thaw();
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await proxy?.close();
    await database?.drop();
  });

  it('/readyz answers 503 in bounded time (not never)', async () => {
    const answer = await timed(`${server.url}/readyz`, {}, 25_000);
    assert.equal(answer.status, 503, `GET /readyz with the database silent: ${answer.status} after ${answer.ms} ms`);
  });

  it('an API request answers 503 once its query waited DATABASE_QUERY_TIMEOUT_SECONDS (not never)', async () => {
    const headers = { authorization: `Bearer ${MERCHANT_API_KEY}` };
    // All four of the pool's connections, each stuck on the silent database.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => timed(`${server.url}/api/transactions?limit=5`, { headers }, 25_000)),
    );
    for (const answer of answers)
      assert.equal(answer.status, 503, `GET /api/transactions with the database silent: ${answer.status} after ${answer.ms} ms`);

    // The database answers again: the next requests run on fresh connections, not behind the stuck ones.
    proxy.thaw();
    const again = await Promise.all(Array.from({ length: 4 }, () => timed(`${server.url}/api/transactions?limit=5`, { headers }, 25_000)));
    for (const answer of again)
      assert.equal(answer.status, 200, `GET /api/transactions once the database answers: ${answer.status} after ${answer.ms} ms`);
    proxy.freeze();
  });

  it("the widget's GET /checkout/sessions/:id (a prepared statement through pool.query) answers 503 too", async () => {
    // Review r1260: the deadline first covered only queries in promise form; the prepared
    // statements (db/compiled-query.ts) go through pg-pool's callback form, and still waited.
    const answer = await timed(`${server.url}/checkout/sessions/${sessionId}`, {}, 25_000);
    assert.equal(answer.status, 503, `GET /checkout/sessions/:id with the database silent: ${answer.status} after ${answer.ms} ms`);
  });

  it('SIGTERM: the process exits within SHUTDOWN_GRACE_SECONDS and a margin (systemd gives 30 s)', async () => {
    // A request in flight on the silent database, as in the tests above.
    void fetch(`${server.url}/readyz`).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    server.child.kill('SIGTERM');
    const code = await Promise.race([
      server.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 25_000)),
    ]);
    assert.notEqual(code, 'still running', `still running ${Date.now() - started} ms after SIGTERM (SHUTDOWN_GRACE_SECONDS=2)`);
  });
});
