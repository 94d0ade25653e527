/** Maintenance operations (records/operations.ts); written by mutate-transaction.ts with their payment. */
import { OPEN_MAINTENANCE_STATUSES, type MaintenanceStatus } from '../../shared/maintenance-statuses.ts';
import type { OperationStore } from './records/operations.ts';
import { rowToOperation } from './rows.ts';
import type { StoreContext } from './store-context.ts';

export function operationStore({ db }: StoreContext): OperationStore {
  return {
    async listOperations(reference) {
      const rows = await db.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute();
      return rows.map(rowToOperation);
    },

    async listOperationsLimitingActions(references) {
      if (references.length === 0) return [];
      // The (reference, id) index reads each payment's few operations; those that limit what may
      // still be done are kept.
      const rows = await db
        .selectFrom('maintenance_operations')
        .selectAll()
        .where('reference', 'in', [...references])
        .where((eb) =>
          eb.or([
            eb('status', 'in', [...OPEN_MAINTENANCE_STATUSES] as MaintenanceStatus[]),
            eb.and([eb('kind', '=', 'cancel'), eb('status', '=', 'done')]),
            // A final capture, done (domain/ledger.ts isFinalCapture, closedByFinalCapture): its
            // order is closed. Its request said `final` (migration 0035); one recorded before, that
            // says nothing, was final when it named a part (migration 0030).
            eb.and([
              eb('kind', '=', 'capture'),
              eb('operation', '=', 'SAS'),
              eb('status', '=', 'done'),
              eb.or([eb('final', '=', 1), eb.and([eb('final', 'is', null), eb('named_part', '=', 1)])]),
            ]),
          ]),
        )
        .orderBy('reference')
        .orderBy('id')
        .execute();
      return rows.map(rowToOperation);
    },
  };
}
