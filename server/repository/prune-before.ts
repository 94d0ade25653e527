/**
 * Deletes the rows of `table` made before `before` (its `created_at`), for the retention pass.
 * SQLite runs a statement on the event loop and has one writer: a first pass deleting a backlog
 * of 600,000 idempotency keys in one DELETE stood the whole server still for two seconds.
 * PRUNE_BATCH at a time there, each its own commit, found in rowid order — the order rows are
 * made in, so each batch reads the oldest rows left, not the table again. PostgreSQL: batches of
 * PG_PRUNE_BATCH too, since one DELETE of a large backlog outlasts DATABASE_QUERY_TIMEOUT_SECONDS,
 * is cancelled and rolled back, and the next pass meets a larger one (review r1280: the keys, and
 * the answers they keep, were never deleted).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Rows deleted per statement on SQLite. */
export const PRUNE_BATCH = 500;

/** Rows deleted per statement on PostgreSQL: well within any statement timeout. */
export const PG_PRUNE_BATCH = 2_000;

export async function pruneBefore(
  db: Kysely<Database>,
  postgres: boolean,
  table: 'idempotency_keys' | 'challenges',
  before: string,
  /** Aborted when the server stops: no further batch (each is its own commit, nothing half done). */
  signal?: AbortSignal,
): Promise<number> {
  const batch = postgres ? PG_PRUNE_BATCH : PRUNE_BATCH;
  // The rows the subquery found, by the row's own address: PostgreSQL's ctid (as an array, which
  // it looks up directly), SQLite's rowid.
  const oldest = sql`select ${sql.raw(postgres ? 'ctid' : 'rowid')} from ${sql.table(table)} where created_at < ${before} limit ${sql.lit(batch)}`;
  const statement = postgres
    ? sql`delete from ${sql.table(table)} where ctid = any(array(${oldest}))`
    : sql`delete from ${sql.table(table)} where rowid in (${oldest})`;
  let total = 0;
  for (;;) {
    const count = Number((await statement.execute(db)).numAffectedRows ?? 0);
    total += count;
    if (count < batch || signal?.aborted) return total;
  }
}
