/**
 * Migration 0023: `livemode` recorded on the rows the merchant API and webhooks show — sessions,
 * payments, saved cards and webhook events — as the platform they were made for (1 production,
 * 0 the test platform or the sandbox). Releases before it showed the server's setting at the time
 * of reading or delivering, so after the README's go-live switch (the same database,
 * OGONE_ENVIRONMENT=production) every earlier test payment read `livemode: true`, and a test
 * event still in the outbox was delivered as live: a merchant's backend could ship goods for it.
 *
 * Nullable columns added at the end: rows written before read as NULL, which shows the server's
 * setting as before (nothing recorded which platform they were made for). A recorded 0 or 1 costs
 * one header byte on SQLite (integer 0 and 1 have no body) and a smallint on PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

const TABLES = ['checkout_sessions', 'transactions', 'aliases', 'webhook_events'] as const;

export const livemode: Migration = {
  async up(db: Kysely<any>) {
    for (const table of TABLES) await db.schema.alterTable(table).addColumn('livemode', 'smallint').execute();
  },
  async down(db: Kysely<any>) {
    for (const table of TABLES) await db.schema.alterTable(table).dropColumn('livemode').execute();
  },
};
