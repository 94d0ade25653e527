/** Maintenance operations (records/operations.ts); written by mutate-transaction.ts with their payment. */
import type { OperationStore } from './records/operations.ts';
import { rowToOperation } from './rows.ts';
import type { StoreContext } from './store-context.ts';

export function operationStore({ db }: StoreContext): OperationStore {
  return {
    async listOperations(reference) {
      const rows = await db.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute();
      return rows.map(rowToOperation);
    },
  };
}
