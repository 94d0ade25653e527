/**
 * Migration 0015 (issue 17, "growth with data" and "bytes per payment"): the reconciler's
 * unresolved selection reads one partial index on both databases, and the full-table index it
 * used on SQLite goes.
 *
 * - SQLite gets `transactions_unresolved_due` (updated_at), the index PostgreSQL has had since
 *   0011: the payments not flagged for a person whose last STATUS is unresolved — a few hundred
 *   rows whatever the table's size. Through transactions_unresolved (last_status, needs_attention,
 *   updated_at) SQLite read every due payment of each status and sorted them for the first 50,
 *   which grew with the payment rate (p99 at 1 M was 2.2 × p99 at 10 k); through this one it
 *   reads the first 50 in order. SQLite uses a partial index only when the query repeats each
 *   term of its WHERE, so repository/sync-claims.ts writes `needs_attention = 0` and the codes as
 *   the same literals in the same (ascending) order.
 * - `transactions_unresolved` is dropped on both: every selection that read it (the claim, the
 *   backlog, the too-old list) now states needs_attention = 0 and reads the partial index, and
 *   each index on last_status and updated_at is paid on every feedback. 40 bytes a payment on
 *   SQLite, 60 on PostgreSQL.
 *
 * Rolling upgrade (PostgreSQL): an instance of the previous release keeps working — its claim and
 * backlog already read transactions_unresolved_due, and its too-old list (needs_attention as a
 * bound parameter, planned with its value) reads it too. Creating the index on SQLite reads the
 * table once at the upgrade's start (with 0016's: see there).
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { UNRESOLVED_DUE_STATUSES } from './daily-totals-migration.ts';

export const unresolvedDue: Migration = {
  async up(db: Kysely<any>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
      // The same definition as 0011's on PostgreSQL (frozen list, ascending).
      await db.schema
        .createIndex('transactions_unresolved_due')
        .on('transactions')
        .column('updated_at')
        .where(sql<boolean>`needs_attention = 0 and last_status in (${sql.raw(UNRESOLVED_DUE_STATUSES.join(', '))})`)
        .execute();
    }
    await db.schema.dropIndex('transactions_unresolved').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema
      .createIndex('transactions_unresolved')
      .on('transactions')
      .columns(['last_status', 'needs_attention', 'updated_at'])
      .execute();
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await db.schema.dropIndex('transactions_unresolved_due').execute();
  },
};
