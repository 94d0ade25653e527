/**
 * Migration 0025: `reversed_at` on a maintenance operation — when a refund the platform had done
 * was taken back by the acquirer (94, 96: docs/ogone-protocol.md §6), as opposed to one refused
 * before it was done (a pending refund answered 94). Only a reversal explains a query's later 94 /
 * 96 about the order (feedback/with-operations.ts `explainedByReversal`): a refusal learnt late
 * looked like one, and a later refund's reversal, known only from a query, was lost (found by
 * review r310). Nullable and added at the end, so nothing is written for other operations.
 *
 * Rows written before cannot tell the two apart; every refund failed with 94 or 96 is taken as a
 * reversal at its last update, which reads them as the release before this one did.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const refundReversals: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').addColumn('reversed_at', 'text').execute();
    await sql`update maintenance_operations set reversed_at = updated_at
      where kind = 'refund' and status = 'failed' and ogone_status in (94, 96)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').dropColumn('reversed_at').execute();
  },
};
