/**
 * Migration 0013 (issue 17, "bytes per payment"): the browser's unchanged copy of an applied
 * feedback is counted on the applied row instead of being a row of its own (docs/ogone-protocol.md
 * §5). Ogone sends a payment's result twice — the server-to-server request and the shopper's
 * redirect, with the same parameters — so most payments logged two rows, the second purged after
 * FEEDBACK_LOG_RETENTION_DAYS and, interleaved with the rows that stay, leaving half-empty pages.
 *
 * - `copy_count`: how many exact copies (same kept parameters) of this applied feedback arrived
 *   through the other caller of the return URL (browser for a server row, server for a browser
 *   row); 0 for rows of earlier releases, whose copies are rows of their own until the retention
 *   pass folds them in (repository/personal-data.ts).
 * - `copy_received_at`: when the first of them arrived; null while there is none.
 *
 * Both are added columns with a constant default: neither database rewrites the table.
 */
import type { Kysely, Migration } from 'kysely';

export const feedbackCopies: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('feedback_log')
      .addColumn('copy_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('feedback_log').addColumn('copy_received_at', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('feedback_log').dropColumn('copy_received_at').execute();
    await db.schema.alterTable('feedback_log').dropColumn('copy_count').execute();
  },
};
