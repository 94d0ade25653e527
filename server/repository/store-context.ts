/** What every aggregate's store is built from: the database and the clock, passed in, never global. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

export interface StoreContext {
  db: Kysely<Database>;
  /**
   * The only dialect difference is row locking: PostgreSQL takes `FOR UPDATE` (and `SKIP LOCKED`
   * for claims); SQLite has one writer at a time and its transactions start with
   * `BEGIN IMMEDIATE` (see db/group-commit.ts).
   */
  postgres: boolean;
  clock: Clock;
}
