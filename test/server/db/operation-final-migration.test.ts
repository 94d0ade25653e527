/**
 * Migration 0035_operation_final on rows an earlier release wrote, on SQLite and PostgreSQL: a
 * capture recorded before it says nothing of its request's `final`, and reads as that release read
 * it — an SAS naming a part is a final capture, an SAS of the whole rest is not — in the list's
 * query of what limits a payment's actions (repository/operations.ts) as in the domain
 * (domain/ledger.ts isFinalCapture). A capture recorded since says `final`, the whole rest included
 * (review r1725). Down and up again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { isFinalCapture } from '../../../server/domain/ledger.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { manualClock } from '../../../server/clock.ts';
import { operationToRow, sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import type { MaintenanceOperationRecord } from '../../../server/repository/types.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0035_operation_final') - 1]!;

function capture(id: string, reference: string, overrides: Partial<MaintenanceOperationRecord>): MaintenanceOperationRecord {
  return {
    id,
    reference,
    kind: 'capture',
    operation: 'SAS',
    amount: 6000,
    status: 'done',
    ogoneStatus: 9,
    payidSub: 2,
    ncError: null,
    idempotencyKey: null,
    createdAt: '2026-06-01T10:00:00.000Z',
    updatedAt: '2026-06-01T11:00:00.000Z',
    ...overrides,
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`migration 0035 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it("captures recorded before read final as that release read them; those since, by their request's word", async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const session = sessionRecord();
      await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
      for (const reference of ['PART', 'REST', 'ASKED'])
        await handle.db
          .insertInto('transactions')
          .values(transactionToRow(transactionRecord(session.id, { reference, state: 'captured', capturedAmount: 6000 })))
          .execute();
      // Written by the release before: no `final` column yet.
      await handle.db
        .insertInto('maintenance_operations')
        .values([
          operationToRow(capture('op-1', 'PART', { namedPart: true })),
          operationToRow(capture('op-2', 'REST', { amount: 10000, namedPart: false })),
        ])
        .execute();

      await migrateToLatest(handle.db);
      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-06-02T00:00:00.000Z')) });
      // Written since: a final capture of exactly the rest.
      await handle.db
        .insertInto('maintenance_operations')
        .values(operationToRow(capture('op-3', 'ASKED', { namedPart: false, final: true })))
        .execute();

      const read = [
        ...(await repository.listOperations('PART')),
        ...(await repository.listOperations('REST')),
        ...(await repository.listOperations('ASKED')),
      ];
      assert.deepEqual(
        read.map((op) => [op.id, op.final, isFinalCapture(op)]),
        [
          ['op-1', undefined, true],
          ['op-2', undefined, false],
          ['op-3', true, true],
        ],
      );
      const limiting = await repository.listOperationsLimitingActions(['PART', 'REST', 'ASKED']);
      assert.deepEqual(
        limiting.map((op) => op.id),
        ['op-3', 'op-1'],
      );

      await migrateToLatest(handle.db, { upTo: BEFORE });
      await migrateToLatest(handle.db);
      assert.equal((await repository.listOperations('PART'))[0]!.namedPart, true);
    });
  });
}
