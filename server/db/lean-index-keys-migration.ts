/**
 * Migration 0016 (issue 17, "bytes per payment"): index entries hold what their queries need.
 *
 * - The search indexes (migration 0009: merchant reference, customer id, customer e-mail, card's
 *   last four) and transactions_state_created become (key, created_at): the payment's reference,
 *   appended as the newest-first list's tie-breaker, goes. A key's payments are still read in
 *   created_at order and the cursor `(created_at, reference) < (?, ?)` is still an index bound on
 *   created_at (PostgreSQL: `created_at <= ?` from the row comparison's prefix, rows at the cursor's
 *   own instant filtered; SQLite likewise); only payments created in the same millisecond are put
 *   in reference order as they are read (a sort of those few rows: SQLite's "RIGHT PART OF
 *   ORDER BY", PostgreSQL's incremental sort). The reference cost 23 bytes in each of five
 *   entries per payment. transactions_created (created_at, reference), the unfiltered list's
 *   index, keeps it: its cursor is an exact bound.
 * - checkout_sessions_created (created_at, id) becomes checkout_sessions_unredacted, the same on
 *   sessions whose personal data RETENTION_DAYS has not yet removed (`redacted_at IS NULL`): the
 *   retention pass's walk (repository/personal-data.ts) was its only reader, and it only wants
 *   those. Older sessions leave the index as they are redacted, so it holds RETENTION_DAYS of
 *   sessions however long the history, and a pass after a restart walks only what is left to do.
 *
 * Same names where a query or a test names them; each index is built from the table once at the
 * upgrade's start — 0015 and 0016 together, 100,000 payments: SQLite 1.2 s of CPU (4.5 s on a
 * busy two-core host), PostgreSQL 3.6 s. Rolling upgrade
 * (PostgreSQL): the previous release's queries are the same and read the new indexes alike — its
 * retention walk of sessions, which does not say `redacted_at IS NULL`, reads the primary key and
 * filters instead, once per pass, until every instance runs this release. CREATE INDEX holds off
 * writes to the table while it builds (as 0009's did), so the new release's first start is the
 * moment for it, not a busy hour.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Index, key column (partial: rows that have it). */
const SEARCH_INDEXES = [
  ['transactions_merchant_reference', 'merchant_reference'],
  ['transactions_customer', 'customer_id'],
  ['transactions_customer_email', 'customer_email'],
  ['transactions_card_last4', 'card_last4'],
] as const;

async function searchIndexes(db: Kysely<any>, columns: (key: string) => string[]): Promise<void> {
  for (const [name, column] of SEARCH_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('transactions').columns(columns(column)).where(sql.ref(column), 'is not', null).execute();
  }
  await db.schema.dropIndex('transactions_state_created').execute();
  await db.schema.createIndex('transactions_state_created').on('transactions').columns(columns('state')).execute();
}

export const leanIndexKeys: Migration = {
  async up(db: Kysely<any>) {
    await searchIndexes(db, (key) => [key, 'created_at']);
    await db.schema
      .createIndex('checkout_sessions_unredacted')
      .on('checkout_sessions')
      .columns(['created_at', 'id'])
      .where(sql.ref('redacted_at'), 'is', null)
      .execute();
    await db.schema.dropIndex('checkout_sessions_created').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('checkout_sessions_created').on('checkout_sessions').columns(['created_at', 'id']).execute();
    await db.schema.dropIndex('checkout_sessions_unredacted').execute();
    await searchIndexes(db, (key) => [key, 'created_at', 'reference']);
  },
};
