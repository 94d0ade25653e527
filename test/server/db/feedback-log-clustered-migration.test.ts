/**
 * Migration 0026_feedback_log_clustered (issue 17, "bytes per payment") on rows an earlier release
 * wrote: on SQLite the feedback log is stored in its primary key's b-tree (no rowid, no second
 * index), every row kept as it was, a replay still counted on its row; down gives back a rowid
 * table with the same rows. PostgreSQL's table is left as it is.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { feedbackFingerprint } from '../../../server/feedback/log.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const MIGRATION = '0026_feedback_log_clustered';
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(MIGRATION) - 1]!;
const AT = '2026-05-01T10:00:00.000Z';

/** The log's table definition (SQLite) or its indexes (PostgreSQL), and its rows in id order. */
async function shapeOf(db: Kysely<any>, postgres: boolean) {
  const definition = postgres
    ? (
        await sql<{
          d: string;
        }>`select string_agg(indexdef, '; ' order by indexname) as d from pg_indexes where tablename = 'feedback_log'`.execute(db)
      ).rows[0]!.d
    : (
        await sql<{
          d: string;
        }>`select group_concat(coalesce(sql, name), '; ') as d from sqlite_master where tbl_name = 'feedback_log'`.execute(db)
      ).rows[0]!.d;
  // Without the column 0028 adds after this one (NULL on every row written before it).
  const rows = (await db.selectFrom('feedback_log').selectAll().orderBy('id').execute()).map(({ params_packed: _packed, ...row }) => row);
  return { definition, rows };
}

for (const kind of DATABASE_KINDS) {
  describe(`feedback log migration 0026 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('stores the log in its key on SQLite, keeps every row and its replays, and goes back down', async () => {
      const { handle } = opened;
      const db = handle.db as Kysely<any>;
      const postgres = kind === 'postgres';
      await migrateToLatest(db, { upTo: BEFORE });
      await sql`insert into checkout_sessions (id, amount, currency, save_card, quantity, status, expires_at, created_at)
        values ('cs_old', 1999, 'EUR', 'never', 1, 'paid', ${AT}, ${AT})`.execute(db);
      for (const reference of ['OLD-2', 'OLD-1'])
        await sql`insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, last_status, amount_mismatch, operation, created_at, updated_at)
          values (${reference}, 'cs_old', 1999, 'EUR', 1999, 0, 'captured', 9, 0, 'SAL', ${AT}, ${AT})`.execute(db);
      const row = (id: string, reference: string, status: number, hash: string) =>
        sql`insert into feedback_log (id, reference, received_at, channel, status, outcome, params_json, params_hash, repeat_count, copy_count)
          values (${id}, ${reference}, ${AT}, 'server', ${status}, 'applied', ${`{"STATUS":"${status}"}`}, ${hash}, 2, 1)`.execute(db);
      // Written in an order the key does not have: OLD-2 first, hashes descending.
      await row('fb_00old_1', 'OLD-2', 5, 'ff'.repeat(16));
      await row('fb_00old_2', 'OLD-1', 5, 'ee'.repeat(16));
      await row('fb_00old_3', 'OLD-1', 9, feedbackFingerprint({ STATUS: '9' }));
      const before = await shapeOf(db, postgres);
      assert.match(before.definition, /sqlite_autoindex_feedback_log_1|feedback_log_pkey/);

      assert.deepEqual(await migrateToLatest(db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const after = await shapeOf(db, postgres);
      assert.deepEqual(after.rows, before.rows, 'every row as it was');
      if (postgres) assert.equal(after.definition, before.definition, 'nothing changes on PostgreSQL');
      else {
        assert.match(after.definition, /without rowid/i);
        assert.doesNotMatch(after.definition, /autoindex/, 'no second b-tree for the key');
      }

      // A replay of a row is still counted on it (the upsert's conflict target is the key).
      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-05-02T00:00:00.000Z')) });
      await repository.mutateTransaction('OLD-1', () => ({
        feedback: { channel: 'server', status: 9, outcome: 'applied', params: { STATUS: '9' } },
        result: null,
      }));
      const log = await repository.listFeedback('OLD-1', 10);
      assert.deepEqual(
        log.map((f) => [f.id, f.repeatCount]),
        [
          ['fb_00old_3', 3],
          ['fb_00old_2', 2],
        ],
      );

      await migrateToLatest(db, { upTo: BEFORE });
      const down = await shapeOf(db, postgres);
      assert.equal(down.definition, before.definition, 'back to a rowid table with its key index');
      assert.equal(down.rows.length, 3);
    });
  });
}
