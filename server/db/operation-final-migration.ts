/**
 * Migration 0035: `final` on a capture — whether the merchant's request said `"final": true` (1) or
 * not (0). Finality was read from `named_part` alone (an SAS of a part): a final capture of exactly
 * the rest — README's own `{ "amount": 6000, "final": true }` after 40.00 of 100.00, or
 * `{ "final": true }` on an untouched authorisation — went out as the SAS it is, but read
 * `final: false`, `captureClosed: false`, and past the key's day a retry with `"final": false`
 * replayed it (review r1725). The request's word is kept with its operation instead.
 *
 * Rows written before read as NULL: their request's `final` is unknown, and they read as before
 * (domain/ledger.ts isFinalCapture): an SAS that named a part was final, one of the whole rest was
 * not. Refunds, cancels and the back office's levels stay NULL too. A smallint added at the end,
 * like migration 0030's.
 */
import type { Kysely, Migration } from 'kysely';

export const operationFinal: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').addColumn('final', 'smallint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('maintenance_operations').dropColumn('final').execute();
  },
};
