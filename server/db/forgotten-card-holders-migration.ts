/**
 * Migration 0022: the card holder's name leaves the saved cards that are forgotten — deleted, or
 * their deletion requested — and the repeats of a saved card (same_card_as, never listed, only
 * deleted at the platform). Releases before it kept the name on those rows for good, past
 * RETENTION_DAYS, while the payment, its feedback and its events had theirs removed; this release
 * clears it as each card is forgotten (repository/alias-deletions.ts, aliases.ts, saved-card.ts).
 * Nothing reads it there: a forgotten card is never charged nor listed. Irreversible by nature;
 * `down` has nothing to put back.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const forgottenCardHolders: Migration = {
  async up(db: Kysely<any>) {
    await sql`update aliases set card_holder = null
      where card_holder is not null and (deleted_at is not null or deletion_status is not null or same_card_as is not null)`.execute(db);
  },
  async down() {},
};
