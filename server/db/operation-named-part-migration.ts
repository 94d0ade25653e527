/**
 * Migration 0030: `named_part` on a maintenance operation — whether the merchant's request named an
 * amount short of all that was left (1), or asked for all of it, by naming none or the whole (0).
 * An Idempotency-Key's stored answer lives a day (repository/idempotency.ts); past it, a retry
 * under the same key finds the operation itself and replays it, and only a named amount was
 * compared: a capture of 10.00 under a key was replayed as the answer to an amount-less capture
 * (all that is left) under the same key a day later, which the merchant reads as "captured in
 * full" while the rest stays uncaptured (review r790). A smallint added at the end, like migration
 * 0024's flags.
 *
 * Rows written before read as NULL: whether their request named a part is unknown, and a retry
 * without an amount replays them as before (maintenance/operations.ts `replay`).
 */
import type { Kysely, Migration } from 'kysely';

export const operationNamedPart: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').addColumn('named_part', 'smallint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').dropColumn('named_part').execute();
  },
};
