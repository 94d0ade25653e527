/**
 * Migration 0009 (issue 16): the merchant API's search `q` finds a payment by its reference, the
 * merchant's reference, the customer's id or e-mail, or the card's last four digits — each through
 * an index, at any volume. The session's merchant reference and customer e-mail (lower-cased, so
 * the e-mail matches case-insensitively) and the card's last four digits are copied onto each
 * payment, backfilled here from what earlier releases wrote, then written with the payment
 * (repository/rows.ts). Each index ends with (created_at, reference), the list's order and cursor,
 * and holds only the rows that have the value (partial: `col = ?` implies `col IS NOT NULL`).
 * transactions_state (state, created_at) becomes transactions_state_created (state, created_at,
 * reference) for the same reason; the reconciler's draft selection reads its prefix as before.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const SEARCH_INDEXES = [
  ['transactions_merchant_reference', 'merchant_reference'],
  ['transactions_customer', 'customer_id'],
  ['transactions_customer_email', 'customer_email'],
  ['transactions_card_last4', 'card_last4'],
] as const;

const NEW_COLUMNS = ['merchant_reference', 'customer_email', 'card_last4'] as const;

async function backfill(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      update transactions t
      set merchant_reference = s.merchant_reference, customer_email = lower(s.customer_json::json ->> 'email')
      from checkout_sessions s
      where s.id = t.session_id and (s.merchant_reference is not null or s.customer_json is not null)`.execute(db);
    await sql`
      update transactions set card_last4 = substring(card_number from '([0-9]{4})$')
      where card_number is not null`.execute(db);
    return;
  }
  await sql`
    update transactions
    set merchant_reference = (select s.merchant_reference from checkout_sessions s where s.id = transactions.session_id),
        customer_email = (
          select lower(json_extract(s.customer_json, '$.email')) from checkout_sessions s
          where s.id = transactions.session_id and s.customer_json is not null
        )
    where exists (
      select 1 from checkout_sessions s
      where s.id = transactions.session_id and (s.merchant_reference is not null or s.customer_json is not null)
    )`.execute(db);
  await sql`
    update transactions set card_last4 = substr(card_number, -4)
    where card_number glob '*[0-9][0-9][0-9][0-9]'`.execute(db);
}

export const transactionSearch: Migration = {
  async up(db: Kysely<any>) {
    for (const column of NEW_COLUMNS) await db.schema.alterTable('transactions').addColumn(column, 'text').execute();
    await backfill(db);
    // The list by state pages with the row-value cursor too: reference joins the state index,
    // under a new name (SQLite's reader connection may still know the old one, group-commit.ts).
    await db.schema.createIndex('transactions_state_created').on('transactions').columns(['state', 'created_at', 'reference']).execute();
    await db.schema.dropIndex('transactions_state').execute();
    for (const [name, column] of SEARCH_INDEXES) {
      await db.schema
        .createIndex(name)
        .on('transactions')
        .columns([column, 'created_at', 'reference'])
        .where(sql.ref(column), 'is not', null)
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    for (const [name] of SEARCH_INDEXES) await db.schema.dropIndex(name).execute();
    await db.schema.createIndex('transactions_state').on('transactions').columns(['state', 'created_at']).execute();
    await db.schema.dropIndex('transactions_state_created').execute();
    for (const column of NEW_COLUMNS) await db.schema.alterTable('transactions').dropColumn(column).execute();
  },
};
