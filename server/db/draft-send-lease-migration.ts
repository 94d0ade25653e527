/**
 * Migration 0020: transactions.send_lease_until — who is sending a draft's order now (a merchant's
 * charge of a saved card, aliases/charge.ts `claimDraftSend`), apart from sync_lease_until, the
 * reconciler's: its claim while it asks, and how long a draft the platform does not know waits
 * before it is asked again (maintenance/sync.ts, deferSync). Sharing one column, that wait read as
 * a send in progress: a charge that never reached the platform, asked about once, refused its
 * retry ("a charge with this reference is being made") for as long as the draft was old.
 *
 * A nullable column added at the end: rows written before read as NULL (nobody sending), and a
 * row without a value stores one header byte for it on SQLite, nothing on PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';

export const draftSendLease: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('transactions').addColumn('send_lease_until', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('transactions').dropColumn('send_lease_until').execute();
  },
};
