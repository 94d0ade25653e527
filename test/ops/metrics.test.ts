/**
 * Prometheus metrics (issue 15) on a real server over real HTTP, on SQLite and PostgreSQL: a
 * scrape, a payment (session → attempt → signed feedback) and a webhook delivery that fails
 * (WEBHOOK_URL is a closed port), another scrape — the numbers an operator alerts on must have
 * moved. The METRICS_PORT listener is loopback-only by default; /metrics on the main port needs
 * a merchant key; a bad METRICS_PORT stops the start before anything is opened.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, secretsIn, serverEnv } from '../support/accounts.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { freePort } from '../support/listen.ts';
import { api, createPayment } from '../support/merchant.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { eventually } from '../support/waiting.ts';

/** One sample of the text exposition: `name{a="x",b="y"} value`; 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ? match[2].split(/,(?=[a-zA-Z_]\w*=")/) : [];
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

/** The sum over every series of `name` (a counter's total whatever its labels). */
function total(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** A non-loopback IPv4 address of this host, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

function connectError(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

for (const kind of DATABASE_KINDS) {
  describe(`Prometheus metrics, on ${kind}`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    let sandbox: RunningSandbox;
    let server: RunningServer;

    before(async () => {
      database = await createTestDatabase(kind);
      sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
      // Nobody listens there: every delivery fails with ECONNREFUSED.
      const closedPort = await freePort();
      server = await startServer({
        env: serverEnv(sandbox.url, { ...database.env, WEBHOOK_URL: `http://127.0.0.1:${closedPort}/hooks`, METRICS_PORT: '0' }),
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        webhooks: { pollIntervalMs: 50, backoff: { baseMs: 60_000 }, random: () => 0 },
      });
    });

    after(async () => {
      await server?.close();
      await sandbox?.close();
      await database?.drop();
    });

    async function scrape(): Promise<string> {
      const response = await fetch(`${server.metricsUrl}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      return response.text();
    }

    it('moves the request, transition, delivery-failure and backlog numbers', async () => {
      assert.ok(server.metricsUrl?.startsWith('http://127.0.0.1:'), `metrics on loopback: ${server.metricsUrl}`);
      const before = await scrape();
      // A registry per server: nothing of an earlier server in this process shows up here.
      assert.equal(total(before, 'ogone_checkout_payment_transitions_total'), 0);
      assert.equal(sample(before, 'ogone_checkout_webhook_outbox_pending'), 0);
      assert.equal(sample(before, 'ogone_checkout_webhook_outbox_oldest_pending_age_seconds'), 0);

      const payment = await createPayment(server.url, { amount: 1999, currency: 'EUR' });
      const status = await sendFeedback(
        server.url,
        feedbackParams({ reference: payment.reference, amount: payment.amount, currency: payment.currency, status: 9 }),
        { channel: 'server', method: 'POST' },
      );
      assert.equal(status, 200);
      const { body: transaction } = await api(server.url, `/api/transactions/${payment.reference}`);
      assert.notEqual(transaction.state, 'draft');

      const afterwards = await eventually(
        scrape,
        (text) => sample(text, 'ogone_checkout_webhook_delivery_failures_total', { outcome: 'retry' }) >= 1,
        'a failed webhook delivery counted',
      );

      const requests = (method: string, route: string, code: string, text: string) =>
        sample(text, 'ogone_checkout_http_requests_total', { method, route, status: code });
      assert.equal(
        requests('POST', '/api/checkout-sessions', '201', afterwards) - requests('POST', '/api/checkout-sessions', '201', before),
        1,
      );
      assert.equal(requests('POST', '/checkout/sessions/:id/attempts', '201', afterwards), 1);
      assert.equal(requests('POST', '/payment/ogone/return', '200', afterwards), 1);
      // The route pattern, never the raw path: the reference is not a label value.
      assert.equal(requests('GET', '/api/transactions/:reference', '200', afterwards), 1);
      assert.ok(!afterwards.includes(payment.reference), 'no payment reference in the metrics');
      assert.ok(
        sample(afterwards, 'ogone_checkout_http_request_duration_seconds_count', { method: 'POST', route: '/payment/ogone/return' }) >= 1,
      );

      assert.equal(sample(afterwards, 'ogone_checkout_payment_transitions_total', { from: 'draft', to: transaction.state }), 1);
      assert.equal(total(afterwards, 'ogone_checkout_payment_transitions_total'), 1);

      // The event stays pending (retried after the back-off): the backlog and its age show it.
      assert.ok(sample(afterwards, 'ogone_checkout_webhook_outbox_pending') >= 1);
      assert.ok(sample(afterwards, 'ogone_checkout_webhook_outbox_oldest_pending_age_seconds') > 0);
      assert.equal(sample(afterwards, 'ogone_checkout_webhook_deliveries_total'), 0);

      // Group commit is SQLite's; PostgreSQL has a pool instead (whose queue, read at scrape time,
      // counts connections being opened too, so it is only checked to be there).
      const batches = sample(afterwards, 'ogone_checkout_db_group_commit_batch_writes_count');
      if (kind === 'sqlite') assert.ok(batches >= 1, `group-commit batches observed: ${batches}`);
      else assert.equal(batches, 0);
      assert.match(afterwards, kind === 'sqlite' ? /^ogone_checkout_db_pool_waiting 0$/m : /^ogone_checkout_db_pool_waiting \d+$/m);
      assert.match(afterwards, /^ogone_checkout_process_cpu_seconds_total /m);
      assert.deepEqual(secretsIn(afterwards), []);
    });

    it('answers /metrics on the main port only with a merchant key', async () => {
      const anonymous = await fetch(`${server.url}/metrics`);
      assert.equal(anonymous.status, 401);
      const anonymousText = await anonymous.text();
      assert.ok(!anonymousText.includes('ogone_checkout_'), 'no metric in a refusal');
      const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer sk_not_a_key_of_this_server_000' } });
      assert.equal(wrong.status, 401);
      await wrong.arrayBuffer();
      const keyed = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${MERCHANT_API_KEY}` } });
      assert.equal(keyed.status, 200);
      assert.equal(keyed.headers.get('cache-control'), 'no-store');
      assert.match(await keyed.text(), /^ogone_checkout_http_requests_total\{method="GET",route="\/metrics",status="401"\} [1-9]/m);
    });

    it('labels paths by route pattern, every unknown path as one "unmatched" route', async () => {
      for (const junk of ['/no/such/thing', '/api-x/evt_1', '/checkout/zzz/1/2/3']) {
        const response = await fetch(`${server.url}${junk}?token=abc`);
        assert.equal(response.status, 404);
        await response.arrayBuffer();
      }
      const text = await (await fetch(`${server.metricsUrl}/metrics`)).text();
      assert.ok(sample(text, 'ogone_checkout_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }) >= 3);
      assert.ok(!/no\/such|api-x|zzz|token/.test(text), 'no raw path nor query string in a label');
    });

    it('serves the metrics port on loopback only by default', async (t) => {
      const port = Number(new URL(server.metricsUrl!).port);
      const outside = outsideAddress();
      if (!outside) return t.skip('this host has no non-loopback IPv4 address to try');
      assert.equal(await connectError(outside, port), 'ECONNREFUSED', `the metrics port refuses ${outside}`);
      // The main listener was bound to loopback here too; the metrics one on its own port answers loopback.
      const other = await fetch(`${server.metricsUrl}/other`);
      assert.equal(other.status, 404);
      await other.arrayBuffer();
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe(`payments needing attention and the reconciler's backlog, on ${kind}`, { timeout: 60_000 }, () => {
    const DAY = 86_400_000;
    /** How far the servers' clock is ahead of the real one. */
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset) };
    let database: TestDatabase;
    let sandbox: RunningSandbox;
    /** Its reconciler is off (RECONCILE_INTERVAL_SECONDS=0): what is due stays due, for the gauge to show. */
    let server: RunningServer;
    let reconciling: RunningServer | undefined;

    before(async () => {
      database = await createTestDatabase(kind);
      sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
      server = await startServer({
        env: serverEnv(sandbox.url, { ...database.env, METRICS_PORT: '0' }),
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        clock,
        reconciler: { intervalMs: 0 },
      });
    });

    after(async () => {
      await reconciling?.close();
      await server?.close();
      await sandbox?.close();
      await database?.drop();
    });

    const scrape = async () => (await fetch(`${server.metricsUrl}/metrics`)).text();

    it('shows a draft due for its status query, then the payment flagged past RECONCILE_MAX_AGE_DAYS', async () => {
      const payment = await createPayment(server.url, { amount: 1500, currency: 'EUR' });
      const fresh = await scrape();
      // A draft is queried only RECONCILE_DRAFT_AFTER_SECONDS (10 minutes) after the shopper left.
      assert.equal(sample(fresh, 'ogone_checkout_reconciler_due_payments'), 0);
      assert.equal(sample(fresh, 'ogone_checkout_reconciler_oldest_due_age_seconds'), 0);
      assert.equal(sample(fresh, 'ogone_checkout_payments_needing_attention'), 0);

      offset += 11 * 60_000;
      const due = await scrape();
      assert.equal(sample(due, 'ogone_checkout_reconciler_due_payments'), 1);
      // Unchanged for 11 minutes of the server's clock; the gauge's age is read on the real one, so only "some".
      assert.ok(sample(due, 'ogone_checkout_reconciler_oldest_due_age_seconds') > 0);
      assert.equal(sample(due, 'ogone_checkout_payments_needing_attention'), 0);

      // Past RECONCILE_MAX_AGE_DAYS the reconciler no longer queries it (not due) but flags it:
      // a second server on the same database, reconciling on the same clock, does. A draft's age
      // counts from the longest a session lives, 30 days more (docs/ogone-protocol.md §9).
      offset += 61 * DAY;
      assert.equal(sample(await scrape(), 'ogone_checkout_reconciler_due_payments'), 0);
      reconciling = await startServer({
        env: serverEnv(sandbox.url, database.env),
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        clock,
        reconciler: { intervalMs: 100 },
      });
      const flagged = await eventually(
        scrape,
        (text) => sample(text, 'ogone_checkout_payments_needing_attention') === 1,
        'the flagged payment counted',
      );
      assert.equal(sample(flagged, 'ogone_checkout_reconciler_due_payments'), 0);
      const { body: transaction } = await api(server.url, `/api/transactions/${payment.reference}`);
      assert.equal(transaction.needsAttention, true);
      assert.ok(!flagged.includes(payment.reference), 'no payment reference in the metrics');
    });
  });
}

describe('metrics settings', () => {
  it('refuses a bad METRICS_PORT naming it, before the database is created', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-metrics-'));
    try {
      for (const value of ['abc', '70000', '-1', '80 81']) {
        await assert.rejects(
          startServer({
            env: serverEnv('http://127.0.0.1:9', { DATA_DIR: dataDir, METRICS_PORT: value }),
            port: 0,
            host: '127.0.0.1',
            quiet: true,
          }),
          (error: Error) => {
            assert.match(error.message, /^METRICS_PORT: must be a port number/);
            return true;
          },
        );
      }
      assert.equal(existsSync(path.join(dataDir, SQLITE_FILE_NAME)), false, 'nothing was created');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a METRICS_PORT already taken, naming it, and leaves nothing listening', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-metrics-'));
    const first = await startServer({
      env: serverEnv('http://127.0.0.1:9', { DATA_DIR: path.join(dataDir, 'a'), METRICS_PORT: '0' }),
      port: 0,
      host: '127.0.0.1',
      quiet: true,
    });
    try {
      const taken = new URL(first.metricsUrl!).port;
      const mainPort = await freePort();
      await assert.rejects(
        startServer({
          env: serverEnv('http://127.0.0.1:9', { DATA_DIR: path.join(dataDir, 'b'), METRICS_PORT: taken }),
          port: mainPort,
          host: '127.0.0.1',
          quiet: true,
        }),
        /^ConfigError: METRICS_PORT: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)$/,
      );
      assert.equal(await connectError('127.0.0.1', mainPort), 'ECONNREFUSED', 'the main listener was closed');
    } finally {
      await first.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
