/**
 * Migration 0021_feedback_log_key (issue 17, "bytes per payment") on rows an earlier release
 * wrote, on SQLite and PostgreSQL: the log is keyed by (reference, channel, params_hash) and the
 * id index is gone; rows logged before 0006 (no params_hash) are kept, each under a key of its
 * own that no replay matches; the log reads back in the order it was written; and the migration
 * goes back down to the id key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../../../server/feedback/log.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS, type DatabaseKind } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const MIGRATION = '0021_feedback_log_key';
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(MIGRATION) - 1]!;
const AT = '2026-05-01T10:00:00.000Z';
const accepted = { ORDERID: 'OLD-1', STATUS: '5', AMOUNT: '19.99', CURRENCY: 'EUR', ACCEPTANCE: 'test123' };
const captured = { ...accepted, STATUS: '9' };

/** The feedback log's primary key columns and whether an index on id alone is left. */
async function keyOf(db: Kysely<any>, kind: DatabaseKind): Promise<{ key: string[]; idIndexed: boolean }> {
  if (kind === 'postgres') {
    const key = await sql<{ column: string }>`
      select a.attname as column from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = 'feedback_log'::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const indexes = await sql<{
      definition: string;
    }>`select indexdef as definition from pg_indexes where tablename = 'feedback_log'`.execute(db);
    return {
      key: key.rows.map((row) => row.column),
      idIndexed: indexes.rows.some((row) => /\(id\)/.test(row.definition)),
    };
  }
  const columns = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info('feedback_log')`.execute(db);
  const indexes = await sql<{ name: string }>`select name from pragma_index_list('feedback_log')`.execute(db);
  let idIndexed = false;
  for (const index of indexes.rows) {
    const indexed = await sql<{ name: string }>`select name from pragma_index_info(${index.name})`.execute(db);
    if (indexed.rows.length === 1 && indexed.rows[0]!.name === 'id') idIndexed = true;
  }
  return {
    key: columns.rows
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name),
    idIndexed,
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`feedback log migration 0021 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('keys the log by payment, caller and parameters, keeps rows without a fingerprint, and goes back down', async () => {
      const { handle } = opened;
      const db = handle.db as Kysely<any>;
      await migrateToLatest(db, { upTo: BEFORE });
      assert.deepEqual(await keyOf(db, kind), { key: ['id'], idIndexed: true });
      await sql`insert into checkout_sessions (id, amount, currency, save_card, quantity, status, expires_at, created_at)
        values ('cs_old', 1999, 'EUR', 'never', 1, 'paid', ${AT}, ${AT})`.execute(db);
      await sql`insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, last_status, amount_mismatch, operation, created_at, updated_at)
        values ('OLD-1', 'cs_old', 1999, 'EUR', 1999, 0, 'captured', 9, 0, 'SAL', ${AT}, ${AT})`.execute(db);
      const row = (id: string, params: Record<string, string>, hash: string | null, outcome: string) =>
        sql`insert into feedback_log (id, reference, received_at, channel, status, outcome, params_json, params_hash, repeat_count)
          values (${id}, 'OLD-1', ${AT}, 'server', ${Number(params.STATUS)}, ${outcome}, ${JSON.stringify(keptFeedbackParams(params))}, ${hash}, 0)`.execute(
          db,
        );
      // Two rows of a release before 0006 (no fingerprint, same payment and caller), then one after.
      await row('fb_00old_1', accepted, null, 'applied');
      await row('fb_00old_2', accepted, null, 'unchanged');
      await row('fb_00old_3', captured, feedbackFingerprint(keptFeedbackParams(captured)), 'applied');

      assert.deepEqual(await migrateToLatest(db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      assert.deepEqual(await keyOf(db, kind), { key: ['reference', 'channel', 'params_hash'], idIndexed: false });
      const hashes = await db.selectFrom('feedback_log').select(['id', 'params_hash']).orderBy('id').execute();
      assert.deepEqual(
        hashes.map((h) => h.params_hash),
        ['legacy:fb_00old_1', 'legacy:fb_00old_2', feedbackFingerprint(keptFeedbackParams(captured))],
      );

      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-05-02T00:00:00.000Z')) });
      const replay = (params: Record<string, string>) =>
        repository.mutateTransaction('OLD-1', () => ({
          feedback: { channel: 'server', status: Number(params.STATUS), outcome: 'unchanged', params },
          result: null,
        }));
      await replay(captured);
      await replay(accepted);
      const log = await repository.listFeedback('OLD-1', 10);
      assert.deepEqual(
        log.map((f) => [f.id.startsWith('fb_00old_') ? f.id : 'new', f.status, f.outcome, f.repeatCount]),
        [
          ['new', 5, 'unchanged', 0],
          ['fb_00old_3', 9, 'applied', 1],
          ['fb_00old_2', 5, 'unchanged', 0],
          ['fb_00old_1', 5, 'applied', 0],
        ],
        'newest first; the replay of the fingerprinted row is counted on it, the old unfingerprinted ones match nothing',
      );

      await migrateToLatest(db, { upTo: BEFORE });
      assert.deepEqual(await keyOf(db, kind), { key: ['id'], idIndexed: true });
      const down = await db
        .selectFrom('feedback_log')
        .select(['id', 'params_hash'])
        .where('id', 'like', 'fb_00old_%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        down.map((h) => h.params_hash),
        [null, null, feedbackFingerprint(keptFeedbackParams(captured))],
      );
    });
  });
}
