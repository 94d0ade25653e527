/**
 * `kill -9` between a duplicate payment's feedback (answered 200 to the platform) and the
 * background review that flags it `duplicateOf` and gives it back (maintenance/duplicates.ts).
 *
 * The feedback's own write recorded nothing of the give-back it owed: the platform got 200 and
 * never sends that feedback again; the reconciler never claimed a payment whose STATUS is final
 * and not flagged; a merchant's sync found an unchanged state. The shopper stayed charged twice
 * for good, and no `payment.duplicate` was ever announced. The feedback's write now keeps the
 * payment for the reconciler (syncNeeded), whose sync brings the review back.
 *
 * A real server process on PostgreSQL, really SIGKILLed. The only help: a trigger in the test's
 * own database holds the review's flag write (the UPDATE that sets duplicate_of) so the kill lands
 * in that window every time, instead of a few milliseconds at random.
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

describe('kill -9 between a duplicate’s feedback and its review (postgres)', { timeout: 120_000 }, () => {
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

  it('the second payment answered 200 is still given back once after the restart', async () => {
    // The reconciler runs often and asks about anything due at once.
    const tuning = { reconciler: { intervalMs: 200, afterMs: 0 } };
    const first = await spawnServer({ env, entry: 'tuned', tuning });
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

    // Hold the review's flag write (duplicate_of set) until the process is gone.
    await client.query(`
      create function hold_duplicate_flag() returns trigger language plpgsql as $$
      begin perform pg_sleep(120); return new; end $$;
      create trigger hold_duplicate_flag before update on transactions for each row
        when (old.duplicate_of is null and new.duplicate_of is not null) execute function hold_duplicate_flag();
    `);

    // The second tab pays: the sandbox posts its feedback, which our server answers 200.
    await payOnHostedPage(tabB, '4111111111111111');
    const delivered = sandbox.sandbox.payments().find((p) => p.orderId === tabB.reference)!;
    assert.ok(
      delivered.deliveries.every((d) => d.state === 'delivered'),
      'the platform got 200 for the second payment’s feedback',
    );
    // The review is now inside its flag write.
    await eventually(
      async () => (await client.query(`select count(*)::int as n from pg_stat_activity where wait_event = 'PgSleep'`)).rows[0].n,
      (n: number) => n > 0,
      'review holding its flag write',
    );

    // The crash. The kernel closes its sockets; PostgreSQL ends the dead process's sessions.
    await first.kill9();
    await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    await client.query('drop trigger hold_duplicate_flag on transactions; drop function hold_duplicate_flag()');

    const stored = await client.query('select state, duplicate_of, sync_needed from transactions where reference = $1', [tabB.reference]);
    assert.ok(['authorized', 'captured'].includes(stored.rows[0].state), `second payment is ${stored.rows[0].state}`);

    // Restart on the same address; the reconciler runs, and the merchant even asks for a sync.
    const second = await spawnServer({ env, entry: 'tuned', tuning });
    servers.push(second);
    await sleep(1500);
    await api(second.url, `/api/transactions/${tabB.reference}/sync`, {});
    await sleep(1500);

    const view = await api(second.url, `/api/transactions/${tabB.reference}`);
    const atPlatform = sandbox.sandbox.payments().find((p) => p.orderId === tabB.reference)!;
    const givenBack = atPlatform.history.filter((h: any) => ['RFS', 'RFD', 'DES', 'DEL'].includes(h.operation)).length;
    assert.equal(
      givenBack,
      1,
      `the second payment of a paid session must be given back once; it is ${view.body.state}, duplicateOf=${view.body.duplicateOf}, ` +
        `operations=${JSON.stringify(view.body.operations ?? [])}, row before restart=${JSON.stringify(stored.rows[0])}`,
    );
    assert.equal(view.body.duplicateOf, tabA.reference);
  });
});
