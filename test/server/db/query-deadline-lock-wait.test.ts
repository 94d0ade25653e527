/**
 * A statement held past DATABASE_QUERY_TIMEOUT_SECONDS by a row lock (another instance's
 * transaction) fails, and does not land afterwards.
 *
 * Review r1263 found the first query deadline only closing the connection: PostgreSQL does not
 * notice a closed socket while a backend waits on a lock, so the saved-card claim (an autocommit
 * UPDATE) ran on and committed once the lock was let go, after its request had answered 503 —
 * the session held for ten minutes by an order never sent. The deadline now sets PostgreSQL's own
 * statement_timeout (server/db/query-deadline.ts): the server cancels the statement (57014),
 * answered 503 like an unavailable database, and nothing is written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { systemClock } from '../../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { armQueryDeadline } from '../../../server/db/query-deadline.ts';
import { isDatabaseUnavailable } from '../../../server/db/errors.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord } from '../../support/records.ts';

describe('a claim failed by the query deadline (503) does not land afterwards', { timeout: 30_000 }, () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let repository: Repository;

  before(async () => {
    database = await createTestDatabase('postgres');
    handle = openDatabase(database.options);
    await migrateToLatest(handle.db);
    // What start-server.ts does once the migrations are done, DATABASE_QUERY_TIMEOUT_SECONDS=1.
    armQueryDeadline(handle.pgPool!, { timeoutMs: 1_000 });
    repository = createKyselyRepository(handle, { clock: systemClock });
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  it('the session is not left claimed by the failed attempt', async () => {
    const session = sessionRecord();
    await repository.createSession(session);
    const blocker = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await blocker.connect();
    let failed: unknown;
    try {
      // Another connection holds the session's row for 3 s (another instance's transaction).
      await blocker.query('begin');
      await blocker.query('select id from checkout_sessions where id = $1 for update', [session.id]);
      const now = new Date();
      const until = new Date(now.getTime() + 600_000).toISOString();
      try {
        await repository.claimSession(session.id, 'ORD-NEVER-SENT', now.toISOString(), until);
      } catch (error) {
        failed = error; // the request answers 503: nothing was sent, nothing claimed, as far as anyone is told
      }
      assert.ok(isDatabaseUnavailable(failed), `the claim fails as the database's (503): ${String(failed)}`);
      assert.equal((failed as { code?: string }).code, '57014', 'cancelled by PostgreSQL itself, not cut off');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await blocker.query('commit');
    } finally {
      await blocker.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterwards = await repository.getSession(session.id);
    assert.equal(afterwards?.claimReference, null, 'a claim reported as failed (503) must not hold the session afterwards');
  });
});
