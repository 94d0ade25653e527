/**
 * PostgreSQL drops its connections (a restart, a failover) while a merchant request with an
 * Idempotency-Key is under way. The request is answered 503; the merchant retries it under the
 * same key once the database is back.
 *
 * README "Merchant API": "after a 5xx the same request may be sent again under the key"; a
 * 409 `idempotency_in_progress` is for "while the first request runs"; only a request "whose
 * process was killed frees it after 10 minutes". Here no process was killed and nothing runs any
 * more: the retry must be served. Review r1200 found the key's reservation, committed before the
 * outage, never released once the database was back: the retry got 409 `idempotency_in_progress`
 * for ten minutes. The release is now retried in the background (http/idempotency.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { MERCHANT_API_KEY, serverEnv } from '../support/accounts.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const KEY = 'order-r1200-0001';
const BODY = JSON.stringify({ amount: 2500, currency: 'EUR', reference: 'R1200-ORDER-1' });

function createSession(base: string): Promise<{ status: number; body: string }> {
  return fetch(`${base}/api/checkout-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': KEY },
    body: BODY,
    signal: AbortSignal.timeout(30_000),
  }).then(async (response) => ({ status: response.status, body: await response.text() }));
}

describe('an Idempotency-Key whose request met a database outage (postgres)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;

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
      }),
    });
  });

  after(async () => {
    await proxy?.restore().catch(() => {});
    await server?.kill9();
    await proxy?.close();
    await database?.drop();
  });

  it('the retry after the database is back is served (not 409 idempotency_in_progress)', async () => {
    // Hold the session insert on a lock so the outage lands after the key was reserved.
    const locker = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await locker.connect();
    let first: { status: number; body: string };
    try {
      await locker.query('begin');
      await locker.query('lock table checkout_sessions in access exclusive mode');
      const pending = createSession(server.url);
      // Wait until the request's insert waits on the lock (the key is reserved by then).
      for (let i = 0; i < 100; i++) {
        const { rows } = await locker.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        if (Number(rows[0]!.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // PostgreSQL restarts: every connection of the server dropped, refused for a moment.
      await proxy.cut();
      first = await pending;
      await locker.query('rollback');
    } finally {
      await locker.end().catch(() => {});
    }
    assert.ok(first.status >= 500, `the request during the outage got a 5xx: ${first.status} ${first.body}`);

    await proxy.restore();
    // The database answers again.
    for (let i = 0; i < 50 && (await fetch(`${server.url}/readyz`)).status !== 200; i++)
      await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200, 'ready again');

    // The merchant's client retries (with back-off): a few tries over ~10 seconds.
    const answers: string[] = [];
    let retry = await createSession(server.url);
    answers.push(`${retry.status}`);
    for (let i = 0; i < 4 && retry.status !== 201; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      retry = await createSession(server.url);
      answers.push(`${retry.status}`);
    }
    assert.equal(retry.status, 201, `retries under the same key after recovery answered ${answers.join(', ')}: ${retry.body}`);
  });
});
