/**
 * Found by review r1332: an instance that stops in the middle of a payment's database transaction — its
 * host lost, its VM or container paused, the process frozen — keeps that payment's row lock on
 * PostgreSQL for as long as its connection looks alive (TCP keepalive: two hours and more by
 * default), and every other instance's write of that payment fails meanwhile: Ogone's feedback
 * for it is answered 503 on every try, the reconciler's query of it cannot be written, a capture
 * or refund of it fails.
 *
 * repository.mutateTransaction (mutateTransactionPipelined on PostgreSQL) takes the payment's row
 * lock in one round trip (`BEGIN; SELECT … FOR UPDATE …`), decides in the process, and writes
 * in the next (a maintenance operation's insert in a statement of its own); in between, the
 * connection is "idle in transaction", holding the lock.
 * DATABASE_QUERY_TIMEOUT_SECONDS (statement_timeout, server/db/query-deadline.ts) bounds how long
 * a *waiter* waits on that lock — its request fails 503 — but nothing bounds how long the holder
 * may sit idle in its transaction: the server sets no idle_in_transaction_session_timeout. The
 * platform retries a failed server-to-server feedback "every 10 minutes up to a maximum of four
 * times" (e-Commerce Advanced guide §9.3.2 "Timing of the feedback request"), so a payment whose
 * lock outlives them loses its feedback for good, and the reconciler's query of it cannot be
 * written either while the lock holds (README "Operations: what is guaranteed": a
 * payment acknowledged to Ogone's feedback is durable; one answered 503 is the platform's to
 * resend — and here every resend fails too).
 *
 * Scenario (two real server processes on one PostgreSQL database, DATABASE_QUERY_TIMEOUT_SECONDS
 * = 2): an authorised payment; the merchant asks instance A for a capture, whose reservation
 * locks the payment and records the operation — a trigger slows that insert by a second, during
 * which A is frozen (SIGSTOP), so its transaction stays open, idle, holding the payment's row lock
 * (as after a host crash: the connection is not closed). The platform's status-change feedback of
 * the payment then goes to instance B, and again after each 503, for 30 s (15 times the query
 * timeout).
 *
 * The server now bounds an idle transaction as it bounds a statement: PostgreSQL's
 * idle_in_transaction_session_timeout on its connections, at DATABASE_QUERY_TIMEOUT_SECONDS
 * (server/db/query-deadline.ts), so the stuck holder is rolled back and B applies the feedback
 * (200) within seconds; before, every try on B answered 503 for as long as A stayed frozen.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { MERCHANT_API_KEY, serverEnv } from '../support/accounts.ts';
import { freePort } from '../support/listen.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createPayment } from '../support/merchant.ts';
import { eventually } from '../support/waiting.ts';

const QUERY_TIMEOUT_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an instance frozen inside a payment transaction (postgres, two instances)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let client: pg.Client;
  const servers: ServerProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGCONT');
      await server.kill9();
    }
    await client
      ?.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)
      .catch(() => undefined);
    await client?.end().catch(() => undefined);
    await database?.drop();
  });

  it("lets another instance apply the payment's feedback once the frozen one's transaction is bounded", async () => {
    // The platform is never called here (feedback only): its URL is a closed port.
    const platform = `http://127.0.0.1:${await freePort()}`;
    const env = serverEnv(platform, { ...database.env, DATABASE_QUERY_TIMEOUT_SECONDS: String(QUERY_TIMEOUT_SECONDS) });
    const tuning = { reconciler: { intervalMs: 0 } };
    const a = await spawnServer({ env, entry: 'tuned', tuning });
    servers.push(a);
    const b = await spawnServer({ env, entry: 'tuned', tuning });
    servers.push(b);

    const payment = await createPayment(a.url, { amount: 1500, currency: 'EUR' });
    const fields = { reference: payment.reference, amount: payment.amount, currency: payment.currency, payId: '3000001' };
    assert.equal(await sendFeedback(a.url, feedbackParams({ ...fields, status: 5 }), { channel: 'server', method: 'POST' }), 200);

    // A capture on A: its reservation takes the payment's row lock, then records the operation
    // (a statement of its own), slowed by a second — the window in which A is frozen.
    await client.query(`
      create function r1332_slow() returns trigger language plpgsql as $$
      begin perform pg_sleep(1); return new; end $$;
      create trigger r1332_slow before insert on maintenance_operations for each row execute function r1332_slow();
    `);
    void fetch(`${a.url}/api/transactions/${payment.reference}/capture`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
    await eventually(
      async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          )
        ).rows[0].n,
      (n: number) => n > 0,
      "A inside the payment's transaction",
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    a.child.kill('SIGSTOP');
    // A's INSERT ends; its transaction then waits, idle, for a process that no longer runs.
    await eventually(
      async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`,
          )
        ).rows[0].n,
      (n: number) => n > 0,
      "A's transaction idle, holding the payment's row lock",
      { timeoutMs: 10_000, intervalMs: 50 },
    );

    // The platform's status-change feedback of the payment (a capture made in the back office)
    // reaches instance B, and its retries after each 503.
    const feedback = feedbackParams({ ...fields, status: 9 });
    const answers: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const status = await sendFeedback(b.url, feedback, { channel: 'server', method: 'POST' });
      answers.push(status);
      if (status === 200) break;
      await sleep(500);
    }
    const row = (await client.query('select state, last_status from transactions where reference = $1', [payment.reference])).rows[0];
    assert.equal(
      answers.at(-1),
      200,
      `instance A, frozen inside the payment's transaction, held its row lock for good: B answered ${answers.join(', ')} ` +
        `over 30 s (DATABASE_QUERY_TIMEOUT_SECONDS=${QUERY_TIMEOUT_SECONDS}); the payment's last STATUS is still ${row?.last_status}`,
    );
    assert.equal(row?.last_status, 9);
  });
});
