/**
 * `kill -9` in the windows where a duplicate payment's give-back is owed but not yet recorded: a
 * second paid payment of a session is given back by a review that runs after a write has
 * committed — the feedback's (answered 200 to the platform, which never sends it again) or the
 * reconciler's answer that brings a lost review back. Once each write left nothing durable of the
 * give-back owed (the feedback's recorded no flag; the sync's cleared it), so a process killed
 * before the review's write left a paid second payment, duplicate_of null, sync_needed 0: the
 * reconciler never claimed it again and the shopper stayed charged twice. Both writes now keep the
 * payment for the reconciler while its review is owed; since review r1310 the feedback's own write
 * flags it `duplicateOf`, so the window is the one before the give-back's operation is reserved.
 *
 * Real server processes on PostgreSQL, really SIGKILLed; a trigger holds the give-back's operation
 * insert so each kill lands in its window.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { freePort } from '../support/listen.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { openTabs } from '../flows/helpers.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kill -9 before a duplicate review records its give-back (postgres)', { timeout: 400_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let client: pg.Client;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const port = await freePort();
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return`,
      maintenanceDelayMs: 50,
    });
    env = serverEnv(sandbox.url, { ...database.env, PORT: String(port) });
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    for (const server of servers) await server.kill9();
    await client?.end();
    await sandbox?.close();
    await database?.drop();
  });

  const holdGiveBack = () =>
    client.query(`
      create function hold_give_back() returns trigger language plpgsql as $$
      begin perform pg_sleep(120); return new; end $$;
      create trigger hold_give_back before insert on maintenance_operations for each row execute function hold_give_back();
    `);
  const waitHeld = () =>
    eventually(
      async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          )
        ).rows[0].n,
      (n: number) => n > 0,
      'review holding its give-back',
      // A process's start and a round on a loaded machine (the held statement stays for 120 s):
      // the deadline only bounds a hang. No lease of the killed process is waited out (`crash`).
      { timeoutMs: 90_000, intervalMs: 50 },
    );
  const crash = async (server: ServerProcess, reference: string) => {
    await server.kill9();
    await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    await client.query('drop trigger hold_give_back on maintenance_operations; drop function hold_give_back()');
    // The killed process's reconciler (a round every 200 ms) may hold a claim on the payment: taken
    // between two of the review's writes (the row is locked only while each runs), or not yet
    // written back to its 1 s after the sync whose review is held. A claim lasts the round, a
    // query's budget and the clocks' allowed difference (reconciler.ts CLAIM_MARGIN_MS: 136 s
    // here), and only its lapse frees it; the slower the machine, the likelier the kill lands on
    // one, and the next process then waited past every deadline (the review never held). A dead
    // process's claim guards nothing: it is lapsed here, as two minutes would, so the next process
    // meets the payment as it would then. Nothing else of the row is touched.
    await client.query('update transactions set sync_lease_until = null where reference = $1', [reference]);
  };

  it('the duplicate is still given back once after the second restart, by the reconciler alone', async () => {
    // No clock-skew allowance on the lease written back after a query (reconciler.ts): the process
    // started again within seconds has lost its own hand-back, and would wait two minutes for it.
    const tuning = { reconciler: { intervalMs: 200, afterMs: 0, clockSkewToleranceMs: 0 } };
    // A process's start (tsx compiling the server) takes several seconds on a loaded machine.
    const startTimeoutMs = 90_000;
    const first = await spawnServer({ env, entry: 'tuned', tuning, startTimeoutMs });
    servers.push(first);
    const api = async (url: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}${p}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as Record<string, any> };
    };

    const created = await api(first.url, '/api/checkout-sessions', { amount: 1500, currency: 'EUR' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const [tabA, tabB] = (await openTabs(first.url, id, 2)) as [Redirect, Redirect];
    await payOnHostedPage(tabA, '4111111111111111');
    await eventually(
      () => api(first.url, `/api/checkout-sessions/${id}`),
      (v) => v.body.paidReference === tabA.reference,
      'first payment paid',
    );

    // 1st crash: during the feedback's review (what da32938 fixed).
    await holdGiveBack();
    await payOnHostedPage(tabB, '4111111111111111');
    await waitHeld();
    await crash(first, tabB.reference);
    const afterFirst = await client.query('select state, duplicate_of, sync_needed from transactions where reference = $1', [
      tabB.reference,
    ]);
    assert.equal(afterFirst.rows[0].sync_needed, 1, 'the feedback kept the payment for the reconciler (da32938)');
    assert.equal(afterFirst.rows[0].duplicate_of, tabA.reference, "the feedback's own write flagged it (review r1310)");

    // Restart: the reconciler syncs it and brings the review back — which is held and killed too.
    await holdGiveBack();
    const second = await spawnServer({ env, entry: 'tuned', tuning, startTimeoutMs });
    servers.push(second);
    await waitHeld();
    await crash(second, tabB.reference);
    const afterSecond = await client.query('select state, duplicate_of, sync_needed from transactions where reference = $1', [
      tabB.reference,
    ]);

    // Restart again; only the reconciler runs (nobody asks for a sync by hand).
    const third = await spawnServer({ env, entry: 'tuned', tuning, startTimeoutMs });
    servers.push(third);
    const givenBackCount = () =>
      sandbox.sandbox
        .payments()
        .find((p) => p.orderId === tabB.reference)!
        .history.filter((h: any) => ['RFS', 'RFD', 'DES', 'DEL'].includes(h.operation)).length;
    // A start, a round, a sync and the give-back on a loaded machine; then a second more for a repeat.
    await eventually(givenBackCount, (n) => n > 0, 'the duplicate given back', { timeoutMs: 90_000, intervalMs: 100 }).catch(() => 0);
    await sleep(1000);

    const view = await api(third.url, `/api/transactions/${tabB.reference}`);
    const givenBack = givenBackCount();
    assert.equal(
      givenBack,
      1,
      `the second payment of a paid session must be given back once; it is ${view.body.state}, duplicateOf=${view.body.duplicateOf}, ` +
        `row after the second crash=${JSON.stringify(afterSecond.rows[0])}`,
    );
    assert.equal(view.body.duplicateOf, tabA.reference);
  });
});
