/**
 * A DELETE /api/aliases/:id killed after the card was deleted at the platform and recorded, but
 * before its answer was kept under its Idempotency-Key, is told on its retry with the same key that
 * the card was deleted — not 404 "not found" (review r1330).
 *
 * The README (Merchant API) says POSTs and DELETEs honour `Idempotency-Key`, and that a request
 * whose process was killed frees its key after 10 minutes so that "its retry then gets the
 * request's own answer"; http/idempotency.ts says DELETEs take a key exactly so that "a retried
 * deletion whose first answer was lost is told it was done, not 404 for what it deleted itself".
 * The typed client (`ogone-checkout/client`) retries a DELETE under its key after a network error.
 * The retry used to find the card deleted and answer 404, which the merchant's code reads as "wrong
 * card id". Now a request that takes its key over from the same request interrupted before its
 * answer was kept (repository/idempotency.ts `resumed`) and finds the card deleted answers 200,
 * `deleted: true`, as the first would have; DELETE /api/buttons/:id does the same.
 *
 * Scenario (real server processes on PostgreSQL, really SIGKILLed): a card is saved on the
 * sandbox's hosted page; the merchant DELETEs it with an Idempotency-Key; a trigger holds the
 * write of the key's answer (the deletion is already done and recorded at that point: the card
 * is `deleted` in our database and gone at the platform); the process is killed there, as a crash
 * would. A new process (its clock 11 minutes on, past ABANDONED_RESERVATION_MS, so the key is
 * free again) receives the same DELETE with the same key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, serverEnv } from '../../support/accounts.ts';
import { freePort } from '../../support/listen.ts';
import { spawnServer, type ServerProcess } from '../../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { payOnHostedPage } from '../../support/hosted-page.ts';
import { api, createPayment } from '../../support/merchant.ts';
import { eventually } from '../../support/waiting.ts';

/** Past ABANDONED_RESERVATION_MS (10 minutes): the killed request's key is free again. */
const AFTER_ABANDONED_MS = 11 * 60_000;

describe('DELETE /api/aliases/:id retried under its key after a kill -9 (postgres)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let client: pg.Client;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    const port = await freePort();
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT, feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return` });
    env = serverEnv(sandbox.url, { ...database.env, PORT: String(port) });
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    for (const server of servers) await server.kill9();
    await client
      ?.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)
      .catch(() => undefined);
    await client?.end().catch(() => undefined);
    await sandbox?.close();
    await database?.drop();
  });

  const forget = (url: string, aliasId: string) =>
    fetch(`${url}/api/aliases/${aliasId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'idempotency-key': 'forget-card-1' },
    });

  it('answers the retry with the deletion it made, not 404', async () => {
    const tuning = { reconciler: { intervalMs: 0 } };
    const first = await spawnServer({ env, entry: 'tuned', tuning });
    servers.push(first);
    const payment = await createPayment(first.url, {
      amount: 1000,
      currency: 'EUR',
      customer: { id: 'cust-delete-retry' },
      saveCard: 'optional',
    });
    await payOnHostedPage(payment.attempt, '4111111111111111', { save: true });
    const saved = await eventually(
      () => api(first.url, '/api/customers/cust-delete-retry/aliases'),
      (r) => r.body?.data?.length === 1,
      'the card saved',
    );
    const aliasId = saved.body.data[0].id as string;

    // Hold the write that keeps the DELETE's answer under its key: the deletion is done by then.
    await client.query(`
      create function held_answer() returns trigger language plpgsql as $$
      begin perform pg_sleep(120); return new; end $$;
      create trigger held_answer before update on idempotency_keys for each row
        when (old.status_code = 0 and new.status_code > 0) execute function held_answer();
    `);
    const firstAnswer = forget(first.url, aliasId).then(
      (r) => r.status,
      () => 'no answer',
    );
    await eventually(
      async () =>
        (
          await client.query(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          )
        ).rows[0].n,
      (n: number) => n > 0,
      'the answer held',
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const row = (await client.query('select deletion_status, deleted_at from aliases where id = $1', [aliasId])).rows[0];
    assert.equal(row.deletion_status, 'done', 'the deletion was done and recorded before the answer was kept');

    // The crash: the answer is never kept; the held statement dies with its connection.
    await first.kill9();
    assert.equal(await firstAnswer, 'no answer');
    await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    await client.query('drop trigger held_answer on idempotency_keys; drop function held_answer()');

    // The merchant retries the same DELETE with the same key once the key is free again.
    const second = await spawnServer({ env, entry: 'tuned', tuning: { ...tuning, clockSkewMs: AFTER_ABANDONED_MS } });
    servers.push(second);
    const retry = await forget(second.url, aliasId);
    const body = (await retry.json()) as Record<string, any>;
    assert.equal(
      retry.status,
      200,
      `the retry of a DELETE that deleted the card must be told it was done; it got ${retry.status} ${JSON.stringify(body)}`,
    );
    assert.equal(body.deleted, true);
  });
});
