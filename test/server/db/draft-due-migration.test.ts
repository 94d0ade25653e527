/**
 * Migration 0017_draft_due (issue 17) on rows an earlier release wrote, on SQLite and PostgreSQL:
 * the partial index holds the unflagged drafts only, the reconciler's too-old list and claim still
 * find exactly the drafts they found before (flagged ones never, leased ones not claimed), and the
 * migration goes down and up again.
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

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0017_draft_due') - 1]!;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The definition of transactions_draft_due, or undefined. */
async function draftDueIndex(db: Kysely<any>, postgres: boolean): Promise<string | undefined> {
  const { rows } = postgres
    ? await sql<{ definition: string }>`select indexdef as definition from pg_indexes where indexname = 'transactions_draft_due'`.execute(
        db,
      )
    : await sql<{ definition: string }>`select sql as definition from sqlite_master where name = 'transactions_draft_due'`.execute(db);
  return rows[0]?.definition.replace(/"/g, '');
}

/** The references the partial index holds (its own rows, read through it). */
async function indexed(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ reference: string }>`select reference from transactions
    where state = 'draft' and needs_attention = 0 order by created_at`.execute(db);
  return rows.map((row) => row.reference);
}

for (const kind of DATABASE_KINDS) {
  describe(`migration 0017 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('old drafts: the too-old list and the claim find the same ones through the partial index; down and up again', async () => {
      const { handle } = opened;
      const postgres = kind === 'postgres';
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const session = sessionRecord({ createdAt: iso(NOW.getTime() - 90 * DAY) });
      await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
      const draft = (reference: string, ageDays: number, overrides: Parameters<typeof transactionRecord>[1] = {}) =>
        transactionRecord(session.id, {
          reference,
          state: 'draft',
          lastStatus: null,
          createdAt: iso(NOW.getTime() - ageDays * DAY),
          updatedAt: iso(NOW.getTime() - ageDays * DAY),
          ...overrides,
        });
      const payments = [
        draft('OLD-FLAGGED', 60, { needsAttention: true }),
        draft('OLD', 45),
        draft('YOUNG-FLAGGED', 5, { needsAttention: true }),
        draft('YOUNG', 4),
        draft('YOUNG-LEASED', 3),
        transactionRecord(session.id, { reference: 'PAID', state: 'captured', lastStatus: 9, createdAt: iso(NOW.getTime() - 2 * DAY) }),
      ];
      await handle.db
        .insertInto('transactions')
        .values(payments.map((t) => transactionToRow(t)))
        .execute();
      // Held out of the claims (deferSync: a draft the platform does not know yet).
      await handle.db
        .updateTable('transactions')
        .set({ sync_lease_until: iso(NOW.getTime() + 60_000) })
        .where('reference', '=', 'YOUNG-LEASED')
        .execute();

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const definition = await draftDueIndex(handle.db, postgres);
      assert.match(definition ?? '', /\(state, created_at\)/, definition);
      assert.match(definition ?? '', /state = 'draft'.*needs_attention = 0/, definition);
      assert.deepEqual(await indexed(handle.db), ['OLD', 'YOUNG', 'YOUNG-LEASED']);

      const repository = createKyselyRepository(handle, { clock: manualClock(NOW) });
      const candidates = {
        statuses: UNRESOLVED_STATUSES,
        changedBefore: iso(NOW.getTime() - 60_000),
        draftsCreatedBefore: iso(NOW.getTime() - 600_000),
      };
      const maxAge = iso(NOW.getTime() - 30 * DAY);
      assert.deepEqual(await repository.listTooOldForSync({ ...candidates, createdBefore: maxAge, limit: 50 }), ['OLD']);
      assert.deepEqual(
        await repository.claimForSync({ ...candidates, createdAfter: maxAge, limit: 50, leaseMs: 30_000 }),
        ['YOUNG'],
        'the young draft not flagged and not leased',
      );
      // A draft that settles or is flagged leaves the index; the selections follow.
      await handle.db.updateTable('transactions').set({ needs_attention: 1 }).where('reference', '=', 'OLD').execute();
      assert.deepEqual(await repository.listTooOldForSync({ ...candidates, createdBefore: maxAge, limit: 50 }), []);

      await migrateToLatest(handle.db, { upTo: BEFORE });
      assert.equal(await draftDueIndex(handle.db, postgres), undefined, 'down drops the index');
      await migrateToLatest(handle.db);
      assert.equal(await draftDueIndex(handle.db, postgres), definition);
    });
  });
}
