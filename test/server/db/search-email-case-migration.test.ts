/**
 * Migration 0031_search_email_case (review r1020, finding 3, "merchant misled"): a payment made
 * before migration 0009 whose customer's e-mail holds a non-ASCII character is found by that
 * e-mail in any case after the upgrade, on SQLite and PostgreSQL alike. 0009 back-filled the
 * e-mail with SQL's lower(), the search lower-cases `q` with JavaScript's: SQLite kept
 * 'Élodie.martin@…' (found by no `q`), PostgreSQL wrote 'ilkay…' for 'İlkay…' where JavaScript
 * writes 'i̇lkay…' (found on neither). 0031 rewrites those rows with the search's own function.
 * Also guarded: an ASCII e-mail and a payment whose copy the retention pass cleared are left as
 * they are, and a second run changes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { systemClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { searchEmailCase } from '../../../server/db/search-email-case-migration.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0009_transaction_search') - 1]!;
const EMAILS = {
  'OLD-1': 'Élodie.Martin@Example.com',
  'OLD-2': 'İlkay.Demir@Example.com',
  'OLD-3': 'Plain.Shopper@Example.com',
} as const;

for (const kind of DATABASE_KINDS) {
  describe(`migration 0031_search_email_case on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('finds a payment made before migration 0009 by its non-ASCII e-mail as sent, and in any case', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const at = '2024-05-01T10:00:00.000Z';
      // Rows as the schema before 0009 holds them (raw SQL: the table types are this release's).
      for (const [reference, email] of [...Object.entries(EMAILS), ['OLD-4', 'Zoë.Purged@Example.com']]) {
        const sessionId = `cs_${reference}`;
        await sql`
          insert into checkout_sessions (id, amount, currency, merchant_reference, customer_id, customer_json, save_card, quantity, status, expires_at, created_at)
          values (${sessionId}, 1999, 'EUR', null, ${reference}, ${JSON.stringify({ id: reference, email, name: 'Old' })}, 'never', 1, 'paid', ${at}, ${at})`.execute(
          handle.db,
        );
        await sql`
          insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, card_number, amount_mismatch, customer_id, operation, created_at, updated_at)
          values (${reference}, ${sessionId}, 1999, 'EUR', 1999, 0, 'captured', null, 0, ${reference}, 'SAL', ${at}, ${at})`.execute(
          handle.db,
        );
      }
      // Up to 0031: 0009 back-fills with lower(); the retention pass then clears OLD-4's copy.
      await migrateToLatest(handle.db, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0031_search_email_case') - 1]! });
      await sql`update transactions set customer_email = null where reference = 'OLD-4'`.execute(handle.db);
      await migrateToLatest(handle.db);

      const stored = () => handle.db.selectFrom('transactions').select(['reference', 'customer_email']).orderBy('reference').execute();
      const rows = await stored();
      assert.deepEqual(rows, [
        ...Object.entries(EMAILS).map(([reference, email]) => ({ reference, customer_email: email.toLowerCase() })),
        { reference: 'OLD-4', customer_email: null },
      ]);
      const repository = createKyselyRepository(handle, { clock: systemClock });
      const misses: string[] = [];
      for (const [reference, email] of Object.entries(EMAILS)) {
        for (const q of [email, email.toLowerCase(), email.toUpperCase()]) {
          const found = await repository.listTransactions({ q, limit: 10 });
          if (found.items.map((t) => t.reference).join() !== reference)
            misses.push(`q=${q} finds ${JSON.stringify(found.items.map((t) => t.reference))}`);
        }
      }
      assert.deepEqual(misses, [], `stored: ${JSON.stringify(rows)}`);

      // Run again: it writes nothing.
      await handle.db.transaction().execute((trx) => searchEmailCase.up(trx));
      assert.deepEqual(await stored(), rows);
    });
  });
}
