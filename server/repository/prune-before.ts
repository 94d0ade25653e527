/**
 * Deletes the rows of `table` made before `before` (its `created_at`), for the retention pass.
 * PostgreSQL: one statement on a connection of its own, which nothing else waits for. SQLite runs
 * a statement on the event loop and has one writer: a first pass deleting a backlog of 600,000
 * idempotency keys in one DELETE stood the whole server still for two seconds. PRUNE_BATCH at a
 * time there, each its own commit, found in rowid order — the order rows are made in, so each
 * batch reads the oldest rows left, not the table again.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Rows deleted per statement on SQLite. */
export const PRUNE_BATCH = 500;

export async function pruneBefore(
  db: Kysely<Database>,
  postgres: boolean,
  table: 'idempotency_keys' | 'challenges',
  before: string,
): Promise<number> {
  if (postgres) {
    const deleted = await db.deleteFrom(table).where('created_at', '<', before).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
  let total = 0;
  for (;;) {
    const deleted = await sql`delete from ${sql.table(table)} where rowid in
      (select rowid from ${sql.table(table)} where created_at < ${before} limit ${sql.lit(PRUNE_BATCH)})`.execute(db);
    const count = Number(deleted.numAffectedRows ?? 0);
    total += count;
    if (count < PRUNE_BATCH) return total;
  }
}
