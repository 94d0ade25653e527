/**
 * Migration 0027: the dashboard's daily totals per platform. Migration 0011's `daily_totals` summed
 * every payment of a day, currency and state together, so after the README's go-live switch (the
 * same database, OGONE_ENVIRONMENT=production) a test capture made on the morning of the switch
 * counted as live revenue in the production dashboard, and a test payment flagged for a person as
 * one needing attention in the production back office. The summary now counts the payments of the
 * server's platform and those recording none (made before migration 0023, counted as the server's
 * own, as the reconciler's claims do: repository/sync-claims.ts), so the totals it adds up carry the
 * platform too (repository/daily-totals.ts):
 *
 * - `platform_daily_totals`: as `daily_totals`, keyed by day, currency, state and `livemode` — the
 *   payments' own column: 1 production, 0 the test platform, and -1 for the payments that record
 *   none (NULL), since a key column cannot be NULL on PostgreSQL (and is not unique on SQLite).
 *   NULL is not resolved to a platform when summed: the answer would depend on the setting of
 *   the instance that rolled the day up, and while instances are restarted one at a time onto the
 *   new setting a test and a production instance share the database. Each reader takes its own
 *   platform's rows and the -1 rows.
 * - `platform_daily_totals_attention`: the flagged payments of the rolled-up days per currency and
 *   livemode (the same values).
 * - `platform_daily_totals_rollup`: its one row at version 0, nothing rolled up. The first summary
 *   after the upgrade rolls up from the payments, the newest 92 days first, then the history, a
 *   roll-up at a time; the summary is exact at every step (the days not rolled up are read live),
 *   as after migration 0011.
 *
 * New tables rather than 0011's recreated with a livemode column: on PostgreSQL an instance of the
 * release before may run beside this one during a rolling restart, and it rolls up into and reads
 * `daily_totals` by its own rules. The version its roll-up compares and sets guards against
 * another roll-up that read the same state, not against one of another shape: bumping it in a
 * recreated table would only make the old instance read the new version and write rows without a
 * platform — refused by a NOT NULL column (its summary failing until it is restarted) or, with a
 * default, wrong rows that this release would then trust. Under other names neither release reads
 * or writes the other's totals, each exact by its own rules until the old instances are gone.
 * 0011's tables are left as they are for those instances (dropping them would fail their
 * summaries); this release never reads nor writes them, and a later migration may drop them.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const platformTotals: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('platform_daily_totals')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('livemode', 'smallint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addColumn('captured_count', 'bigint', (c) => c.notNull())
      .addColumn('captured_amount', 'bigint', (c) => c.notNull())
      .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
      .addColumn('attention', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('platform_daily_totals_pk', ['day', 'currency', 'state', 'livemode'])
      .execute();
    await db.schema
      .createTable('platform_daily_totals_attention')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('livemode', 'smallint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('platform_daily_totals_attention_pk', ['currency', 'livemode'])
      .execute();
    await db.schema
      .createTable('platform_daily_totals_rollup')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('rolled_from', 'text')
      .addColumn('rolled_until', 'text')
      .addColumn('watermark', 'text')
      .execute();
    await db
      .insertInto('platform_daily_totals_rollup')
      .values({ id: 1, version: 0, rolled_from: null, rolled_until: null, watermark: null })
      .execute();
  },
  async down(db: Kysely<any>) {
    await sql`drop table if exists platform_daily_totals_rollup`.execute(db);
    await sql`drop table if exists platform_daily_totals_attention`.execute(db);
    await sql`drop table if exists platform_daily_totals`.execute(db);
  },
};
