/**
 * Migrations 0015_unresolved_due and 0016_lean_index_keys (issue 17, "bytes per payment") on rows
 * an earlier release wrote, on SQLite and PostgreSQL: the reconciler still finds the unresolved
 * payments through the partial index, search pages through payments created in the same
 * millisecond each once and in order without the reference in the index, the retention pass still
 * redacts every old session (and walks none twice), and both migrations go down and up again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0015_unresolved_due') - 1]!;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Index name → its definition, for the tables these migrations change. */
async function indexes(db: Kysely<any>, postgres: boolean): Promise<Map<string, string>> {
  const { rows } = postgres
    ? await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes
        where tablename in ('transactions', 'checkout_sessions')`.execute(db)
    : await sql<{ name: string; definition: string }>`select name, coalesce(sql, '') as definition from sqlite_master
        where type = 'index' and tbl_name in ('transactions', 'checkout_sessions')`.execute(db);
  return new Map(rows.map((row) => [row.name, row.definition.replace(/"/g, '')]));
}

for (const kind of DATABASE_KINDS) {
  describe(`migrations 0015–0016 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('old rows: reconciled, searched and redacted through the new indexes; down and up again', async () => {
      const { handle } = opened;
      const postgres = kind === 'postgres';
      await migrateToLatest(handle.db, { upTo: BEFORE });
      // An old session (past RETENTION_DAYS) and a recent one; five payments of one customer in
      // the same millisecond, two unresolved (one flagged for a person), one in draft.
      const old = sessionRecord({ createdAt: iso(NOW.getTime() - 500 * DAY) });
      const recent = sessionRecord({ createdAt: iso(NOW.getTime() - 2 * DAY) });
      await handle.db
        .insertInto('checkout_sessions')
        .values([sessionToRow(old), sessionToRow(recent)])
        .execute();
      const tied = iso(NOW.getTime() - 3 * DAY);
      const payments = ['T1', 'T2', 'T3', 'T4', 'T5'].map((reference) =>
        transactionRecord(recent.id, {
          reference,
          customerId: 'cust-tie',
          state: 'captured',
          lastStatus: 9,
          createdAt: tied,
          updatedAt: tied,
        }),
      );
      payments.push(
        transactionRecord(recent.id, { reference: 'U1', state: 'pending', lastStatus: 51, createdAt: tied, updatedAt: tied }),
        transactionRecord(recent.id, {
          reference: 'U2',
          state: 'pending',
          lastStatus: 91,
          needsAttention: true,
          createdAt: tied,
          updatedAt: tied,
        }),
        transactionRecord(old.id, {
          reference: 'OLD',
          state: 'captured',
          lastStatus: 9,
          createdAt: old.createdAt,
          updatedAt: old.createdAt,
        }),
      );
      await handle.db
        .insertInto('transactions')
        .values(payments.map((t) => transactionToRow(t)))
        .execute();

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const after = await indexes(handle.db, postgres);
      assert.ok(!after.has('transactions_unresolved'), 'the full-table unresolved index is gone');
      assert.match(after.get('transactions_unresolved_due') ?? '', /needs_attention = 0/);
      assert.ok(!after.has('checkout_sessions_created'));
      assert.match(after.get('checkout_sessions_unredacted') ?? '', /redacted_at IS NULL/i);
      for (const name of ['transactions_customer', 'transactions_state_created'])
        assert.doesNotMatch(after.get(name) ?? 'missing', /reference|missing/, `${name} ends with created_at`);

      const repository = createKyselyRepository(handle, { clock: manualClock(NOW) });
      const claimed = await repository.claimForSync({
        statuses: UNRESOLVED_STATUSES,
        changedBefore: iso(NOW.getTime() - 60_000),
        createdAfter: iso(NOW.getTime() - 30 * DAY),
        limit: 50,
        leaseMs: 30_000,
      });
      assert.deepEqual(claimed, ['U1'], 'the unresolved payment, not the one flagged for a person');

      // Pages of two through the customer's five payments of one millisecond: each once, in order.
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await repository.listTransactions({ q: 'cust-tie', limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((t) => t.reference));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(seen, ['T5', 'T4', 'T3', 'T2', 'T1']);

      const createdBefore = iso(NOW.getTime() - 400 * DAY);
      const first = await repository.purgePersonalData({ createdBefore });
      assert.equal(first.sessions, 1, 'the old session redacted');
      assert.equal((await repository.getSession(old.id))?.customer?.email, undefined);
      assert.equal((await repository.getSession(recent.id))?.customer?.email, 'b@example.com');
      assert.equal((await repository.purgePersonalData({ createdBefore })).sessions, 0, 'nothing left to walk');

      // Down to 0014 and up again: the earlier indexes come back, then these.
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const down = await indexes(handle.db, postgres);
      assert.match(down.get('transactions_unresolved') ?? '', /last_status, needs_attention, updated_at/);
      assert.match(down.get('transactions_customer') ?? '', /customer_id, created_at, reference/);
      assert.ok(down.has('checkout_sessions_created') && !down.has('checkout_sessions_unredacted'));
      assert.equal(down.has('transactions_unresolved_due'), postgres, "0011's on PostgreSQL only");
      await migrateToLatest(handle.db);
      assert.deepEqual([...(await indexes(handle.db, postgres)).keys()].sort(), [...after.keys()].sort());
    });
  });
}
