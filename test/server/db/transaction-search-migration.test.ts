/**
 * Migration 0009_transaction_search backfills the search keys of payments an earlier release
 * wrote — the session's merchant reference and customer e-mail (lower-cased), the card's last
 * four digits — so search finds them after an upgrade, on SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { systemClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0009_transaction_search') - 1]!;

for (const kind of DATABASE_KINDS) {
  describe(`migration 0009_transaction_search on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('backfills merchant reference, e-mail and last four of existing payments; search finds them', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const at = '2024-05-01T10:00:00.000Z';
      // Rows as the previous schema holds them (raw SQL: the table types are this release's).
      const session = (id: string, merchantReference: string | null, customerJson: string | null) => sql`
        insert into checkout_sessions (id, amount, currency, merchant_reference, customer_id, customer_json, save_card, quantity, status, expires_at, created_at)
        values (${id}, 1999, 'EUR', ${merchantReference}, ${'cust-old'}, ${customerJson}, 'never', 1, 'paid', ${at}, ${at})`;
      await session('cs_old_1', 'OLD-ORDER-1', JSON.stringify({ id: 'cust-old', email: 'Old.Shopper@Example.COM', name: 'Old' })).execute(
        handle.db,
      );
      await session('cs_old_2', null, null).execute(handle.db);
      const payment = (reference: string, sessionId: string, cardNumber: string | null) => sql`
        insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, card_number, amount_mismatch, customer_id, operation, created_at, updated_at)
        values (${reference}, ${sessionId}, 1999, 'EUR', 1999, 0, 'captured', ${cardNumber}, 0, ${'cust-old'}, 'SAL', ${at}, ${at})`;
      await payment('OLD-1', 'cs_old_1', 'XXXXXXXXXXXX5454').execute(handle.db);
      await payment('OLD-2', 'cs_old_2', null).execute(handle.db);
      await payment('OLD-3', 'cs_old_2', '4111XXXXXXXX').execute(handle.db);

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const rows = await handle.db
        .selectFrom('transactions')
        .select(['reference', 'merchant_reference', 'customer_email', 'card_last4'])
        .orderBy('reference')
        .execute();
      assert.deepEqual(rows, [
        { reference: 'OLD-1', merchant_reference: 'OLD-ORDER-1', customer_email: 'old.shopper@example.com', card_last4: '5454' },
        { reference: 'OLD-2', merchant_reference: null, customer_email: null, card_last4: null },
        { reference: 'OLD-3', merchant_reference: null, customer_email: null, card_last4: null },
      ]);
      const repository = createKyselyRepository(handle, { clock: systemClock });
      for (const q of ['OLD-ORDER-1', 'OLD.SHOPPER@example.com', '5454']) {
        const found = await repository.listTransactions({ q, limit: 10 });
        assert.deepEqual(
          found.items.map((t) => t.reference),
          ['OLD-1'],
          q,
        );
      }
    });
  });
}
