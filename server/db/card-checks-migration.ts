/**
 * Migration 0018: what the server learns about the card behind a saved card (an Ogone alias).
 *
 * transactions.card_replaced_at — when a setup session's card verification learnt that its alias
 * now holds another card (aliases/setup-return.ts, docs/ogone-protocol.md §15). The signed
 * FlexCheckout link opened again while the first card's 3-D Secure is under way updates the same
 * alias at the platform (Alias.Status 2). The verification's later result is the first card's, so it
 * must not save the alias, which now holds a card nobody verified: the feedback reads this mark
 * (feedback/decide.ts) whichever channel brings it — redirect, server-to-server or a query.
 *
 * aliases.same_card_as — the customer's saved card this alias repeats (issue 17: "the same card saved
 * twice should be one alias"; repository/saved-card.ts, docs §10). Such a row is never listed nor
 * announced: it only carries the platform's redundant alias to its deletion (DELALIAS), which
 * emits no `alias.deleted`.
 *
 * Nullable columns added at the end: rows written before read as NULL, and a row without a value
 * stores one header byte for it on SQLite, nothing on PostgreSQL (its null bitmap has room).
 */
import type { Kysely, Migration } from 'kysely';

export const cardChecks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('transactions').addColumn('card_replaced_at', 'text').execute();
    await db.schema.alterTable('aliases').addColumn('same_card_as', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('aliases').dropColumn('same_card_as').execute();
    await db.schema.alterTable('transactions').dropColumn('card_replaced_at').execute();
  },
};
