/**
 * Migration 0033: when this database's webhooks were first delivered — the moment an instance with
 * `WEBHOOK_URL` first started its dispatcher (webhooks/dispatcher.ts). Events are written to the
 * outbox whether or not a URL is set (a shop may poll `GET /api/events` instead), and a URL set
 * months later had every one of them sent as new, thousands of stale `payment.captured` at once.
 * The event's own row cannot tell "written while nobody delivered" from "waiting its turn" (the
 * rule that tried was withdrawn after review r1080); this one row can: events written over the
 * retry window before it, never tried, are marked never sent (repository/outbox.ts startDelivery).
 *
 * A database that has delivered before — any attempt recorded, or any event no longer pending —
 * gets the row now, dated at its oldest event, so an upgrade never marks the backlog of a shop
 * whose endpoint was configured all along.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** The row's one key: there is one start per database. */
export const WEBHOOK_DELIVERY_ROW = 'webhooks';

export const webhookDeliveryStart: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('webhook_delivery')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('started_at', postgres ? 'timestamptz' : 'text', (c) => c.notNull())
      .execute();
    await sql`
      insert into webhook_delivery (id, started_at)
      select ${WEBHOOK_DELIVERY_ROW}, min(created_at) from webhook_events
      where exists (select 1 from webhook_attempts) or exists (select 1 from webhook_events where status <> 'pending')
      having count(*) > 0`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('webhook_delivery').execute();
  },
};
