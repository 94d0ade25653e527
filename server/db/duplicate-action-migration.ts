/**
 * Migration 0034: `duplicate_action` on a payment flagged `duplicate_of` — what DUPLICATE_PAYMENTS
 * said when it was flagged and announced (`payment.duplicate`'s `action`), `keep` or `refund`. The
 * give-back read the setting at each review instead: a duplicate announced as kept under `keep`
 * was refunded by its next review once the server ran with the default `refund` (an env file
 * changed, another instance on the same PostgreSQL), money moved that nobody asked for (review
 * r1386, docs/ogone-protocol.md §8).
 *
 * Rows flagged before take the action their announcement named, when the outbox still holds it;
 * the others stay NULL and follow the setting, as they did.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

export const duplicateAction: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.alterTable('transactions').addColumn('duplicate_action', 'text').execute();
    const action = postgres ? sql`(e.data_json::json ->> 'action')` : sql`json_extract(e.data_json, '$.action')`;
    await sql`
      update transactions set duplicate_action = (
        select ${action} from webhook_events e
        where e.reference = transactions.reference and e.type = 'payment.duplicate'
          and ${action} in ('keep', 'refund')
        order by e.id desc limit 1)
      where duplicate_of is not null`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('transactions').dropColumn('duplicate_action').execute();
  },
};
