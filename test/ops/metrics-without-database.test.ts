/**
 * A Prometheus scrape while PostgreSQL is in trouble.
 *
 * README "Operations: metrics": `ogone_checkout_db_pool_waiting` — "queries waiting for a
 * PostgreSQL pool connection"; `ogone_checkout_process_*`, `ogone_checkout_nodejs_*` — "CPU,
 * memory, event-loop lag, GC"; the METRICS_PORT listener exists so that "the main port's rate
 * limits and connection caps never hide the numbers that would explain them" (metrics/listener.ts).
 *
 * An operator scrapes these numbers to see an incident: the pool gauge is non-zero only while the
 * pool is exhausted, and the process metrics matter most while the database is away. Review
 * r1200 found the scrape itself needing the database (the outbox / attention / reconciler gauges
 * read it at scrape time and any failure failed the whole exposition): with the database down the
 * scrape was a 500, and with the pool exhausted it waited past Prometheus's default 10 s
 * scrape_timeout. Those reads now give up after 2 s, their gauges keeping their last value.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { MERCHANT_API_KEY, serverEnv } from '../support/accounts.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/** Prometheus's default scrape_timeout. */
const SCRAPE_TIMEOUT_MS = 10_000;

async function scrape(url: string): Promise<{ status: number | 'timed out'; body: string; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    return { status: response.status, body: await response.text(), ms: Date.now() - started };
  } catch {
    return { status: 'timed out', body: '', ms: Date.now() - started };
  }
}

describe('metrics while PostgreSQL is in trouble', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;
  let metricsUrl: string;

  before(async () => {
    database = await createTestDatabase('postgres');
    const direct = new URL(database.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const throughProxy = new URL(direct);
    throughProxy.port = String(proxy.port);
    server = await spawnServer({
      env: serverEnv('http://127.0.0.1:9', {
        DATABASE_URL: throughProxy.toString(),
        DATA_DIR: database.dataDir,
        RECONCILE_INTERVAL_SECONDS: '0',
        DATABASE_POOL_SIZE: '1',
        METRICS_PORT: '0',
      }),
    });
    for (let i = 0; i < 100 && !metricsUrl; i++) {
      const found = /"url":"(http:\/\/[^"]+)","msg":"metrics listening/.exec(server.output().stdout + server.output().stderr)?.[1];
      if (found) metricsUrl = `${found}/metrics`;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(metricsUrl, 'the metrics listener logged its URL');
    const first = await scrape(metricsUrl);
    assert.equal(first.status, 200, 'a scrape answers while the database is fine');
  });

  after(async () => {
    await proxy?.restore().catch(() => {});
    await server?.kill9();
    await proxy?.close();
    await database?.drop();
  });

  it('pool exhausted (its one connection waits on a lock): the scrape answers in time and shows the waiting queries', async () => {
    const locker = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table checkout_sessions in access exclusive mode');
      // Two merchant requests: one holds the pool's only connection waiting on the lock, one waits for the pool.
      const held = [0, 1].map(() =>
        fetch(`${server.url}/api/checkout-sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 1000, currency: 'EUR' }),
        })
          .then((r) => r.arrayBuffer())
          .catch(() => {}),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const result = await scrape(metricsUrl);
      assert.equal(result.status, 200, `scrape with the pool exhausted: ${result.status} after ${result.ms} ms`);
      const waiting = /^ogone_checkout_db_pool_waiting (\d+)/m.exec(result.body)?.[1];
      assert.ok(Number(waiting) >= 1, `ogone_checkout_db_pool_waiting shows the waiting query: ${waiting}`);
      await locker.query('rollback');
      await Promise.all(held);
    } finally {
      await locker.end().catch(() => {});
    }
  });

  it('database down (connections refused): the scrape still answers with the process metrics', async () => {
    await proxy.cut();
    try {
      const result = await scrape(metricsUrl);
      assert.equal(
        result.status,
        200,
        `scrape with the database down: ${result.status} after ${result.ms} ms: ${result.body.slice(0, 200)}`,
      );
      assert.match(result.body, /^ogone_checkout_process_cpu_seconds_total /m);
      assert.match(result.body, /^ogone_checkout_db_pool_waiting /m);
    } finally {
      await proxy.restore();
    }
  });
});
