/**
 * Migration 0014 (issue 17, "bytes per payment"): the feedback log's params_hash, the key an
 * exact repeat is found by (feedback_log_repeat: reference, channel, params_hash), keeps 128 bits
 * of its SHA-256 — 32 hex characters instead of 64, in the row and in every index entry
 * (feedback/log.ts, feedbackFingerprint). The hash only tells apart the distinct feedbacks of one
 * payment and channel, a handful: 128 bits leave no collision to fear, and the index and row lose
 * 32 bytes each.
 *
 * Rows written before are cut to the same prefix here, so a replay of an old feedback still finds
 * its row. That rewrites every row of the log once: on SQLite about a second per 100,000 rows at
 * the upgrade's start; on PostgreSQL each row gets a new version (the table's size doubles until
 * autovacuum reuses the space). Down: the full hash cannot be restored from its prefix; old rows
 * keep the prefix and an older release would count their replays as new rows.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Frozen with this migration (feedback/log.ts has its own). */
const FEEDBACK_HASH_LENGTH = 32;

export const feedbackHash: Migration = {
  async up(db: Kysely<any>) {
    await sql`update feedback_log set params_hash = substr(params_hash, 1, ${sql.lit(FEEDBACK_HASH_LENGTH)})
      where length(params_hash) > ${sql.lit(FEEDBACK_HASH_LENGTH)}`.execute(db);
  },
  async down() {
    // Nothing to undo in the schema (see above).
  },
};
