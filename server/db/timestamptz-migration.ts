/**
 * Migration 0029 (issue 17, "bytes per payment"): on PostgreSQL the payments' timestamps become
 * `timestamptz` (8 bytes) instead of ISO-8601 text (25 bytes with its header), in the rows and in
 * every index that holds one — about 250 bytes a payment. The server still reads and writes them
 * as the same ISO-8601 text: connect.ts parses a `timestamptz` into `Date#toISOString`'s form, and
 * a text parameter compared with or written into such a column is read as one by PostgreSQL.
 * SQLite keeps text (it has no date type; its text sorts as the dates do): nothing changes there.
 *
 * Left as text: the daily totals' roll-up bookkeeping (`rolled_from`, `rolled_until`, `watermark`:
 * one row, where '' means "from the first day") and the `day` keys.
 *
 * The columns' tables are rewritten, one ALTER TABLE each (its indexes rebuilt with it): at a
 * million payments, a minute or so. An instance of the release before reads the new columns as
 * JavaScript dates, so every instance is stopped for this upgrade, as README "Upgrades" says.
 *
 * Down turns them back into the text `toISOString` writes (milliseconds, `Z`).
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { pgIsoText } from './connect.ts';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Table → its timestamp columns, as the schema had them at migration 0028. */
export const TIMESTAMP_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  aliases: ['created_at', 'deleted_at', 'deletion_requested_at', 'deletion_next_attempt_at'],
  buttons: ['created_at', 'deleted_at'],
  challenges: ['created_at'],
  checkout_sessions: ['expires_at', 'created_at', 'claim_until', 'redacted_at'],
  feedback_log: ['received_at', 'last_received_at', 'redacted_at', 'copy_received_at'],
  idempotency_keys: ['created_at'],
  maintenance_operations: ['created_at', 'updated_at', 'reversed_at'],
  transactions: ['created_at', 'updated_at', 'sync_lease_until', 'card_replaced_at', 'send_lease_until'],
  webhook_attempts: ['attempted_at'],
  webhook_events: ['created_at', 'next_attempt_at', 'delivered_at'],
};

async function alterColumns(db: Kysely<any>, type: 'timestamptz' | 'text', using: (column: string) => string): Promise<void> {
  for (const [table, columns] of Object.entries(TIMESTAMP_COLUMNS)) {
    const clauses = columns.map((column) => `alter column "${column}" type ${type} using ${using(`"${column}"`)}`);
    await sql.raw(`alter table "${table}" ${clauses.join(', ')}`).execute(db);
  }
}

export const timestamptz: Migration = {
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    await alterColumns(db, 'timestamptz', (column) => `${column}::timestamptz`);
  },
  async down(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    await alterColumns(db, 'text', pgIsoText);
  },
};
