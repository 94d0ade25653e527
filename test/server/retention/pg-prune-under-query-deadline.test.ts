/**
 * The retention pass on PostgreSQL under the query deadline: a backlog of idempotency keys.
 *
 * Review r1280 found pruneBefore deleting PostgreSQL's backlog in one statement, which the query
 * deadline (statement_timeout, server/db/query-deadline.ts) cancels once it runs longer: rolled
 * back, nothing deleted, and the next hourly pass meets a larger backlog — the keys, and the
 * answers they keep (customers' names and e-mails), never deleted, past the one day the README
 * promises. It now deletes in batches of PG_PRUNE_BATCH (server/repository/prune-before.ts).
 *
 * The deadline here is 150 ms, below what the setting accepts, so that a backlog quick to seed
 * outlasts it in one statement.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { manualClock } from '../../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { armQueryDeadline } from '../../../server/db/query-deadline.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createRetentionPurger } from '../../../server/retention/purger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const BACKLOG = 300_000;

describe('the idempotency keys backlog on PostgreSQL under the query deadline', { timeout: 55_000 }, () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let repository: Repository;
  const clock = manualClock(NOW);

  before(async () => {
    database = await createTestDatabase('postgres');
    handle = openDatabase(database.options);
    await migrateToLatest(handle.db);
    // What start-server.ts does once the migrations are done, with a deadline of 150 ms.
    armQueryDeadline(handle.pgPool!, { timeoutMs: 150 });
    repository = createKyselyRepository(handle, { clock });
    // The keys of a busy API (or of a release that kept them), each with its stored answer, all
    // older than a day: written by another connection, as earlier days' requests did.
    const writer = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await writer.connect();
    try {
      await writer.query(`insert into idempotency_keys (scope, key, request_hash, status_code, response_json, created_at)
        select 'POST /api/v1/sessions', 'key-' || g, md5(g::text), 201,
          '{"id":"cs_' || g || '","customer":{"name":"Bárbara Souza","email":"b@example.com"},"amount":1500,"currency":"EUR"}',
          timestamptz '2026-05-01T00:00:00Z' + g * interval '1 ms'
        from generate_series(1, ${BACKLOG}) g`);
    } finally {
      await writer.end();
    }
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  it('a retention pass deletes the keys older than a day, however large the backlog', async () => {
    const warnings: string[] = [];
    const logger = {
      info() {},
      warn(fields: unknown, message?: string) {
        warnings.push(`${message ?? ''} ${JSON.stringify(fields)}`);
      },
    };
    const purger = createRetentionPurger({ repository, clock, retentionDays: 400, intervalMs: 0, logger });
    let failure: unknown;
    try {
      await purger.runOnce();
    } catch (error) {
      failure = error;
    } finally {
      await purger.close();
    }
    const left = await handle.db
      .selectFrom('idempotency_keys')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(
      Number(left.n),
      0,
      `keys older than a day are deleted (pass failed with: ${failure instanceof Error ? `${(failure as { code?: string }).code ?? ''} ${failure.message}` : String(failure)}; warnings: ${warnings.join(' | ')})`,
    );
  });
});
