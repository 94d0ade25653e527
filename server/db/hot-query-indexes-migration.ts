/**
 * Migration 0010 (issue 17): the background and merchant queries that run all day stay index
 * ranges at any volume.
 *
 * - `transactions_unresolved` (last_status, needs_attention, updated_at) replaces
 *   transactions_reconcile (last_status, updated_at): the reconciler's "unresolved" selection
 *   (repository/sync-claims.ts) skips the payments it already gave up on (needs_attention = 1,
 *   docs/ogone-protocol.md §9), which otherwise pile up in its range for ever. Replaced, not
 *   added: every feedback rewrites last_status and updated_at, so each index on them is paid on
 *   every write.
 * - `webhook_events_type` (type, id): `GET /api/events?type=` lists one type newest first (ids
 *   are time-ordered); without it a rare type read the whole outbox.
 * - `webhook_events_pending` (reference, id) on pending events only: the outbox claim's "no older
 *   pending event of this payment" check (repository/outbox.ts) reads this payment's pending
 *   events, not every event it ever had.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const hotQueryIndexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('transactions_unresolved')
      .on('transactions')
      .columns(['last_status', 'needs_attention', 'updated_at'])
      .execute();
    await db.schema.dropIndex('transactions_reconcile').execute();
    await db.schema.createIndex('webhook_events_type').on('webhook_events').columns(['type', 'id']).execute();
    await db.schema
      .createIndex('webhook_events_pending')
      .on('webhook_events')
      .columns(['reference', 'id'])
      .where(sql.ref('status'), '=', sql.lit('pending'))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('webhook_events_pending').execute();
    await db.schema.dropIndex('webhook_events_type').execute();
    await db.schema.createIndex('transactions_reconcile').on('transactions').columns(['last_status', 'updated_at']).execute();
    await db.schema.dropIndex('transactions_unresolved').execute();
  },
};
