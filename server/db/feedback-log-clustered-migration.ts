/**
 * Migration 0026 (issue 17, "bytes per payment"): on SQLite the feedback log is stored in its
 * primary key's b-tree (WITHOUT ROWID). Since 0021 that key — (reference, channel, params_hash),
 * the key every feedback is upserted on and a payment's log is read through — was a second
 * b-tree beside the rowid table, repeating about 66 bytes per payment (a reference, a channel, a
 * 32-character fingerprint and a rowid); no other index needs a rowid to point to. Measured at
 * 20,000 payments: 508 → 467 bytes of feedback log per payment. The rows are copied in key order,
 * inside the migration's transaction, as 0021 copied them. PostgreSQL has no such storage (its
 * primary key is an index beside the heap): nothing changes there.
 *
 * Down copies them back into a rowid table in id order (time-ordered: ids.ts), the order they
 * were written in.
 *
 * On both databases it also marks the log's stored form of this release: ORDERID and STATUS left
 * to the row's columns (repository/feedback-params.ts). A release before would read such rows
 * without them (found by review r331); it refuses a database this migration ran on, as any
 * older release refuses a newer schema (docs/deploy.md §8: roll back by restoring the backup).
 */
import { PostgresAdapter, type Kysely, type Migration } from 'kysely';
import { rebuildSqliteFeedbackLog } from './feedback-log-key-migration.ts';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const feedbackLogClustered: Migration = {
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) await rebuildSqliteFeedbackLog(db, { keyed: true, clustered: true, order: 'key' });
  },
  async down(db: Kysely<any>) {
    if (!isPostgres(db)) await rebuildSqliteFeedbackLog(db, { keyed: true, clustered: false, order: 'id' });
  },
};
