/**
 * Migration 0011 (issue 17): the dashboard's summary reads closed days from precomputed totals
 * instead of grouping every payment of its window, which grows with the data
 * (repository/daily-totals.ts holds the roll-up and the reasoning that keeps the answer exact).
 *
 * - `daily_totals`: per UTC day (the first ten characters of created_at), currency and state,
 *   what the summary sums — as the payments stood when the day was last rolled up — and how many
 *   of them are flagged needsAttention.
 * - `daily_totals_attention`: per currency, the flagged payments of every rolled-up day (the
 *   summary counts them whenever created: at a million payments, ~20,000 index entries a read).
 * - `daily_totals_rollup`: one row — which days are rolled up ([rolled_from, rolled_until);
 *   rolled_from '' once every earlier day is too), the watermark (every change of a payment with
 *   updated_at ≤ watermark is in the totals) and a version each roll-up bumps, so two instances
 *   rolling up at once cannot both write.
 * - `transactions_updated` (updated_at): the payments changed after the watermark (and the newest
 *   write, one probe). Its cost on the hot paths is one index entry per write — no more than that:
 *   updated_at is already in transactions_unresolved, so no write that changes it was a heap-only
 *   update on PostgreSQL anyway; (updated_at, created_at), which would spare the summary a row
 *   read per recently changed payment, cost SQLite twice as much per write (~6 µs a payment
 *   insert, ~3.5 µs an update, against ~2.5 and ~3), so it was left out.
 *
 * Nothing is computed here: the first roll-up fills the table, newest days first.
 *
 * And, on PostgreSQL only, `transactions_unresolved_due` (updated_at) on the payments the
 * reconciler's "unresolved" selection wants (repository/sync-claims.ts): not flagged for a
 * person, last STATUS one of UNRESOLVED_STATUSES as they are today (shared/status.ts; a status
 * added there later needs a migration that rebuilds this index, test/server/db/query-plans.test.ts
 * checks). Through transactions_unresolved (last_status, needs_attention, updated_at) no order
 * serves `last_status IN (…)`, so PostgreSQL read every due payment of the window — and ANDed them
 * with a bitmap of every payment created in it — to sort them for the first 50; through this one
 * it reads the first 50 in order. SQLite matches a partial index only to literal terms, and its
 * plan through transactions_unresolved stays cheap (issue 17's growth benchmark), so it has none.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** UNRESOLVED_STATUSES when this migration was written (frozen: see above). */
export const UNRESOLVED_DUE_STATUSES = [4, 40, 41, 46, 50, 51, 52, 55, 59, 61, 62, 71, 72, 81, 82, 91, 92, 99] as const;

export const dailyTotals: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('daily_totals')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addColumn('captured_count', 'bigint', (c) => c.notNull())
      .addColumn('captured_amount', 'bigint', (c) => c.notNull())
      .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
      .addColumn('attention', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_totals_pk', ['day', 'currency', 'state'])
      .execute();
    await db.schema
      .createTable('daily_totals_rollup')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('rolled_from', 'text')
      .addColumn('rolled_until', 'text')
      .addColumn('watermark', 'text')
      .execute();
    await db.schema
      .createTable('daily_totals_attention')
      .addColumn('currency', 'text', (c) => c.primaryKey())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .execute();
    await db
      .insertInto('daily_totals_rollup')
      .values({ id: 1, version: 0, rolled_from: null, rolled_until: null, watermark: null })
      .execute();
    await db.schema.createIndex('transactions_updated').on('transactions').column('updated_at').execute();
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await db.schema
        .createIndex('transactions_unresolved_due')
        .on('transactions')
        .column('updated_at')
        .where(sql<boolean>`needs_attention = 0 and last_status in (${sql.raw(UNRESOLVED_DUE_STATUSES.join(', '))})`)
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    await sql`drop index if exists transactions_unresolved_due`.execute(db);
    await db.schema.dropIndex('transactions_updated').execute();
    await sql`drop table if exists daily_totals_attention`.execute(db);
    await sql`drop table if exists daily_totals_rollup`.execute(db);
    await sql`drop table if exists daily_totals`.execute(db);
  },
};
