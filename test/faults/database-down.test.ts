/**
 * The database goes away under a running server (PostgreSQL behind a TCP proxy that drops every
 * connection and refuses new ones, like a closed port), in the middle of a load of feedback.
 * While it is away: /readyz 503, every request that needs it a 503 with a JSON error, nothing
 * half-written. Once it is back: ready again, Ogone's retries complete every payment once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createLogger } from '../../server/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { logCollector } from '../support/logs.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, secretsIn, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { pool } from '../support/load.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { api, createPayment, type CreatedPayment } from '../support/merchant.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const PAYMENTS = 24;

describe('database unavailable', { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let server: RunningServer;
  let client: pg.Client;
  const logs: string[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const direct = new URL(database.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const throughProxy = new URL(direct);
    throughProxy.port = String(proxy.port);
    sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    server = await startServer({
      env: serverEnv(sandbox.url, { DATABASE_URL: throughProxy.toString(), DATA_DIR: database.dataDir, WEBHOOK_URL: receiver.url }),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'debug', destination: logCollector(logs) }),
      // A claim whose answer was lost in the cut stays leased: keep the lease short so it comes back.
      webhooks: { pollIntervalMs: 50, leaseMs: 1_000, backoff: { baseMs: 100, maxMs: 500 } },
    });
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    await proxy?.restore().catch(() => {});
    await server?.close();
    await client?.end();
    await proxy?.close();
    await receiver?.close();
    await sandbox?.close();
    await database?.drop();
  });

  /** Payment state, feedback, events and session agree for every transaction: all or nothing. */
  async function assertConsistent(payments: CreatedPayment[]) {
    const rows = await client.query<{ reference: string; state: string; feedback: string; captured: string; paid: string }>(`
      select t.reference, t.state,
        (select count(*) from feedback_log f where f.reference = t.reference) as feedback,
        (select count(*) from webhook_events e where e.reference = t.reference and e.type = 'payment.captured') as captured,
        (select count(*) from checkout_sessions s where s.id = t.session_id and s.status = 'paid') as paid
      from transactions t`);
    assert.equal(rows.rows.length, payments.length);
    for (const row of rows.rows) {
      const done = row.state === 'captured';
      assert.ok(done || row.state === 'draft', `${row.reference}: ${row.state}`);
      assert.equal(Number(row.captured), done ? 1 : 0, `${row.reference}: one payment.captured event iff captured`);
      assert.equal(Number(row.paid), done ? 1 : 0, `${row.reference}: session paid iff captured`);
      assert.equal(Number(row.feedback) > 0, done, `${row.reference}: feedback logged iff captured`);
    }
    return new Map(rows.rows.map((row) => [row.reference, row.state]));
  }

  it('answers 503 while the database is away, writes nothing half, and recovers', async () => {
    const payments = await pool(
      Array.from({ length: PAYMENTS }, (_, i) => () => createPayment(server.url, { amount: 500 + i, currency: 'EUR' })),
      4,
    );
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);

    // A load of feedback; the database disappears while it is being processed.
    const answers = new Map<string, number>();
    let answered = 0;
    let cutting: Promise<void> | undefined;
    await pool(
      payments.map((payment) => async () => {
        const status = await sendFeedback(
          server.url,
          feedbackParams({ reference: payment.reference, amount: payment.amount, currency: payment.currency, status: 9 }),
          { channel: 'server', method: 'POST' },
        );
        answers.set(payment.reference, status);
        if (status === 200 && ++answered === 6) cutting = proxy.cut();
      }),
      6,
    );
    await cutting;
    assert.ok(cutting, 'the database was cut during the load');
    const codes = [...answers.values()];
    assert.ok(
      codes.every((code) => code === 200 || code === 503),
      `answers: ${codes.join(',')}`,
    );
    assert.ok(codes.includes(503), 'feedback arriving while the database is away is refused');

    // Away: readiness says so, every request needing the database answers a JSON 503.
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { status: string }).status, 'unavailable');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the process itself is alive');
    const first = payments[0]!;
    const requests: Array<[string, Promise<Response>]> = [
      [
        'create session',
        fetch(`${server.url}/api/checkout-sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 100, currency: 'EUR' }),
        }),
      ],
      ['list transactions', fetch(`${server.url}/api/transactions`, { headers: { authorization: `Bearer ${MERCHANT_API_KEY}` } })],
      ['public session', fetch(`${server.url}/checkout/sessions/${first.sessionId}`)],
      [
        'attempt',
        fetch(`${server.url}/checkout/sessions/${first.sessionId}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      ],
      [
        'feedback',
        fetch(`${server.url}/payment/ogone/return`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(
            feedbackParams({ reference: first.reference, amount: first.amount, currency: 'EUR', status: 9 }),
          ).toString(),
        }),
      ],
    ];
    for (const [name, pending] of requests) {
      const response = await pending;
      const text = await response.text();
      assert.equal(response.status, 503, `${name}: ${text}`);
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'database_unavailable', name);
      assert.ok(response.headers.get('retry-after'), `${name}: Retry-After`);
      assert.deepEqual(secretsIn(text), []);
    }

    // Nothing half-written: each payment is entirely captured (state, log, event, session) or untouched.
    const states = await assertConsistent(payments);
    for (const [reference, code] of answers) {
      if (code === 200) assert.equal(states.get(reference), 'captured', `${reference} was answered 200`);
    }

    // Back: ready again; Ogone retries what was not answered 200, each payment captured once.
    await proxy.restore();
    let readyAgain = 0;
    for (let i = 0; i < 100 && readyAgain !== 200; i++) {
      readyAgain = (await fetch(`${server.url}/readyz`)).status;
      if (readyAgain !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(readyAgain, 200);
    for (const payment of payments) {
      const status = await sendFeedback(
        server.url,
        feedbackParams({ reference: payment.reference, amount: payment.amount, currency: payment.currency, status: 9 }),
        { channel: 'server', method: 'POST' },
      );
      assert.equal(status, 200);
    }
    const final = await assertConsistent(payments);
    assert.deepEqual([...new Set(final.values())], ['captured']);
    const listed = await api(server.url, '/api/transactions?state=captured&limit=100');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.data.length, PAYMENTS);

    // The outbox went out once the database was back, once per payment.
    for (let i = 0; i < 600 && receiver.counts.size < PAYMENTS; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(receiver.counts.size, PAYMENTS);
    assert.deepEqual([...new Set(receiver.deliveries.map((d) => d.type))], ['payment.captured']);

    const text = logs.join('\n');
    assert.match(text, /database/i);
    assert.deepEqual(secretsIn(text), []);
  });
});
