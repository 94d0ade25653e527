/** What every aggregate's store is built from: the database and the clock, passed in, never global. */
import type { Kysely } from 'kysely';
import type PgModule from 'pg';
import type { Clock } from '../clock.ts';
import type { Database, Flag } from '../db/schema.ts';

export interface StoreContext {
  db: Kysely<Database>;
  /**
   * The only dialect difference is row locking: PostgreSQL takes `FOR UPDATE` (and `SKIP LOCKED`
   * for claims); SQLite has one writer at a time and its transactions start with
   * `BEGIN IMMEDIATE` (see db/group-commit.ts).
   */
  postgres: boolean;
  /**
   * PostgreSQL's pool under Kysely, for the hot writes that put several statements in one round
   * trip (mutate-transaction.ts, issue 17); absent on SQLite.
   */
  pgPool?: PgModule.Pool;
  clock: Clock;
  /**
   * 1 when this server sends its orders to Ogone production: stamped on the sessions, payments,
   * saved cards and webhook events it writes (migration 0023), so that they keep saying which
   * platform they were made for after the setting changes (payments/livemode.ts).
   */
  livemode: Flag;
}
