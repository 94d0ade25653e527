/**
 * Migration 0017 (issue 17): the reconciler's draft selections read only the drafts they return.
 *
 * `transactions_draft_due` (state, created_at), partial on the attempts still in draft and not
 * flagged for a person, on both databases. The too-old list (drafts created before the maximum
 * age, not yet flagged) and the claim and backlog (younger drafts) read transactions_state_created
 * and dropped, row by row, every draft already flagged: flagged drafts stay in draft for good, so
 * the too-old list's filter grew with the history, a round reading 1,914 of them to return 3 at
 * 200,000 payments (about one in a hundred). Through this index each selection reads the rows it
 * returns, up to its `limit`, in created_at order.
 *
 * Extra, not a replacement: transactions_state_created serves the merchant API's lists by state.
 * Drafts are about one payment in a hundred and leave the index when they settle or are flagged,
 * so it holds those of the last RECONCILE_MAX_AGE_DAYS: bench/storage.ts, 50,000 payments, one
 * page on SQLite (4 KB, 0.08 B a payment), two on PostgreSQL (16 KB). Built at the upgrade's start
 * from one read of the table: 0.04 s per 100,000 payments on SQLite, 0.1 s on PostgreSQL.
 *
 * The key is transactions_state_created's, though `state` holds one value: SQLite's planner, with
 * or without ANALYZE, counts an equality on an index's first column as narrowing it to a few rows,
 * so it preferred transactions_state_created (state = 'draft' and a range) to a partial index on
 * created_at alone (a range only); with the same key on both, the smaller, partial one wins. The
 * constant column costs 6 bytes in each of the few entries.
 *
 * SQLite uses a partial index only when the query repeats each term of its WHERE:
 * repository/sync-claims.ts writes `state = 'draft'` and `needs_attention = 0` as the same
 * literals (test/server/db/query-plans.test.ts holds them to it). Rolling upgrade (PostgreSQL):
 * the previous release's selections, with the state a bound parameter, read as before
 * (transactions_state_created, or this index when planned with the value): same rows, same order.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const draftDue: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('transactions_draft_due')
      .on('transactions')
      .columns(['state', 'created_at'])
      .where(sql<boolean>`state = 'draft' and needs_attention = 0`)
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('transactions_draft_due').execute();
  },
};
