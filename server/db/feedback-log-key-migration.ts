/**
 * Migration 0021 (issue 17, "bytes per payment"): the feedback log's primary key is the key it is
 * written and read by — (reference, channel, params_hash), the exact-repeat key (0006) every
 * feedback is upserted on and a payment's log is read through — instead of the row's id. The id
 * index was read by nothing: a payment's rows are found through the reference and put in id order
 * as they are read (repository/transactions.ts, listFeedback), so the id stays as a column and
 * its index goes, about 41 bytes per payment on SQLite and 47 on PostgreSQL.
 *
 * A primary key holds no NULL: rows logged before 0006 have no params_hash, and each gets one
 * of its own, `legacy:<id>`, which no fingerprint (32 hex digits, feedback/log.ts) equals — so, as
 * with NULL before, no replay is counted on such a row and the retention pass folds none of them.
 *
 * SQLite cannot change a table's primary key in place: the table is copied (rows in their order)
 * into one declared with the new key, inside the migration's transaction. PostgreSQL drops the id
 * constraint and turns the repeat index into the key (ADD PRIMARY KEY USING INDEX, no rebuild).
 * Rolling upgrade (PostgreSQL): the previous release writes the same columns and upserts on the
 * same columns, which a primary key serves as the unique index did.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** The columns in the table's order, as every release since 0013 has them. */
const COLUMNS = [
  'id',
  'reference',
  'received_at',
  'channel',
  'status',
  'outcome',
  'params_json',
  'params_hash',
  'repeat_count',
  'last_received_at',
  'redacted_at',
  'copy_count',
  'copy_received_at',
] as const;

/**
 * The SQLite table with `key` as its primary key (and params_hash NOT NULL when it is in it);
 * `clustered`: stored in that key's b-tree, without a rowid (migration 0026).
 */
function sqliteTable(name: string, keyed: boolean, clustered = false) {
  return sql`create table ${sql.table(name)} (
    "id" text ${keyed ? sql`not null` : sql`primary key`},
    "reference" text not null,
    "received_at" text not null,
    "channel" text not null,
    "status" integer,
    "outcome" text not null,
    "params_json" text not null,
    "params_hash" text ${keyed ? sql`not null` : sql``},
    "repeat_count" integer default 0 not null,
    "last_received_at" text,
    "redacted_at" text,
    "copy_count" integer default 0 not null,
    "copy_received_at" text
    ${keyed ? sql`, primary key ("reference", "channel", "params_hash")` : sql``}
  )${clustered ? sql` without rowid` : sql``}`;
}

/**
 * Copies the SQLite feedback log into a table of the given shape, rows in `order` (the order they
 * were written: rowid, or id — time-ordered, ids.ts — once the table has no rowid).
 */
export async function rebuildSqliteFeedbackLog(
  db: Kysely<any>,
  shape: { keyed: boolean; clustered: boolean; order: 'rowid' | 'id' | 'key' },
): Promise<void> {
  const { keyed, clustered, order } = shape;
  const columns = sql.join(COLUMNS.map((column) => sql.ref(column)));
  const orderBy = order === 'key' ? sql`"reference", "channel", "params_hash"` : sql.raw(order === 'id' ? '"id"' : 'rowid');
  await sqliteTable('feedback_log_rebuilt', keyed, clustered).execute(db);
  await sql`insert into feedback_log_rebuilt (${columns}) select ${columns} from feedback_log order by ${orderBy}`.execute(db);
  await sql`drop table feedback_log`.execute(db);
  await sql`alter table feedback_log_rebuilt rename to feedback_log`.execute(db);
  if (!keyed)
    await db.schema
      .createIndex('feedback_log_repeat')
      .on('feedback_log')
      .columns(['reference', 'channel', 'params_hash'])
      .unique()
      .execute();
}

export const feedbackLogKey: Migration = {
  async up(db: Kysely<any>) {
    await sql`update feedback_log set params_hash = 'legacy:' || id where params_hash is null`.execute(db);
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`alter table feedback_log drop constraint feedback_log_pkey`.execute(db);
      await sql`alter table feedback_log alter column params_hash set not null`.execute(db);
      await sql`alter table feedback_log add constraint feedback_log_pkey primary key using index feedback_log_repeat`.execute(db);
    } else {
      await rebuildSqliteFeedbackLog(db, { keyed: true, clustered: false, order: 'rowid' });
    }
  },
  async down(db: Kysely<any>) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`alter table feedback_log drop constraint feedback_log_pkey`.execute(db);
      await sql`alter table feedback_log alter column params_hash drop not null`.execute(db);
      await sql`alter table feedback_log add constraint feedback_log_pkey primary key (id)`.execute(db);
      await db.schema
        .createIndex('feedback_log_repeat')
        .on('feedback_log')
        .columns(['reference', 'channel', 'params_hash'])
        .unique()
        .execute();
    } else {
      await rebuildSqliteFeedbackLog(db, { keyed: false, clustered: false, order: 'rowid' });
    }
    await sql`update feedback_log set params_hash = null where params_hash like 'legacy:%'`.execute(db);
  },
};
