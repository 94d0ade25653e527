/**
 * Migration 0032 (review r1050): a payment's 3-D Secure challenge found by the payment. A copy of
 * a setup session's FlexCheckout return (a reload, a double submission) arriving while the card's
 * verification waits for its challenge sends the browser to the same challenge page as the copy
 * that sent the order (aliases/setup-return.ts); read by token only, it sent it to the status page,
 * where the shopper could not finish 3-D Secure. Challenges are kept as long as their payments.
 */
import type { Kysely, Migration } from 'kysely';

export const challengeReference: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('challenges_reference').on('challenges').columns(['reference', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('challenges_reference').execute();
  },
};
