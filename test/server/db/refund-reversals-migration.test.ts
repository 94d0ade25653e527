/**
 * Migration 0025_refund_reversals on rows an earlier release wrote, on SQLite and PostgreSQL: a
 * refund failed with 94 or 96 is read as a reversal at its last update, as that release read it
 * (feedback/with-operations.ts explainedByReversal); nothing else is; down and up again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { manualClock } from '../../../server/clock.ts';
import { operationToRow, sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import type { MaintenanceOperationRecord } from '../../../server/repository/types.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0025_refund_reversals') - 1]!;

function operation(id: string, overrides: Partial<MaintenanceOperationRecord>): MaintenanceOperationRecord {
  return {
    id,
    reference: 'REVERSALS',
    kind: 'refund',
    operation: 'RFD',
    amount: 100,
    status: 'done',
    ogoneStatus: 8,
    payidSub: null,
    ncError: null,
    idempotencyKey: null,
    createdAt: '2026-06-01T10:00:00.000Z',
    updatedAt: `2026-06-01T11:00:0${id.at(-1)}.000Z`,
    ...overrides,
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`migration 0025 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('refunds failed with 94 or 96 become reversals at their last update; nothing else does', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const session = sessionRecord();
      await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
      const payment = transactionRecord(session.id, { reference: 'REVERSALS', state: 'partially_refunded', lastStatus: 94 });
      await handle.db.insertInto('transactions').values(transactionToRow(payment)).execute();
      const operations = [
        operation('op-1', { status: 'failed', ogoneStatus: 94, payidSub: 2 }),
        operation('op-2', { status: 'failed', ogoneStatus: 96 }),
        operation('op-3', { status: 'failed', ogoneStatus: 93, ncError: '50001127' }),
        operation('op-4', { status: 'failed', ogoneStatus: null }),
        operation('op-5', { status: 'done', ogoneStatus: 8, payidSub: 3 }),
        operation('op-6', { kind: 'capture', operation: 'SAL', status: 'failed', ogoneStatus: 94 }),
      ];
      await handle.db
        .insertInto('maintenance_operations')
        .values(operations.map((op) => operationToRow(op)))
        .execute();

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-06-02T00:00:00.000Z')) });
      const read = await repository.listOperations('REVERSALS');
      assert.deepEqual(
        read.map((op) => [op.id, op.reversedAt]),
        [
          ['op-1', '2026-06-01T11:00:01.000Z'],
          ['op-2', '2026-06-01T11:00:02.000Z'],
          ['op-3', undefined],
          ['op-4', undefined],
          ['op-5', undefined],
          ['op-6', undefined],
        ],
      );

      await migrateToLatest(handle.db, { upTo: BEFORE });
      await migrateToLatest(handle.db);
      assert.equal((await repository.listOperations('REVERSALS'))[0]!.reversedAt, '2026-06-01T11:00:01.000Z');
    });
  });
}
