/**
 * Migration 0012 (issue 17, "bytes per payment"): the feedback log keeps one index by payment.
 * feedback_log_reference (reference, id) repeated the prefix of feedback_log_repeat (reference,
 * channel, params_hash), the unique index an exact repeat is counted through (0006): a payment's
 * log — a handful of rows — is read through that prefix and sorted by id as it is read
 * (repository/transactions.ts, listFeedback). One index fewer to write on every feedback, and
 * about 130 bytes fewer per payment.
 */
import type { Kysely, Migration } from 'kysely';

export const feedbackLogIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('feedback_log_reference').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('feedback_log_reference').on('feedback_log').columns(['reference', 'id']).execute();
  },
};
