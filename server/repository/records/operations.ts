/** Maintenance operations on a payment (capture, refund, cancel) sent through DirectLink. */
import type { MaintenanceOperation } from '../../directlink/requests.ts';

export type MaintenanceKind = 'capture' | 'refund' | 'cancel';
import type { MaintenanceStatus } from '../../../shared/maintenance-statuses.ts';

export type { MaintenanceStatus };

export interface MaintenanceOperationRecord {
  id: string;
  reference: string;
  kind: MaintenanceKind;
  /** The DirectLink OPERATION sent: SAS, SAL, RFD, RFS, DES or DEL (domain/ledger.ts plans it). */
  operation: MaintenanceOperation;
  amount: number;
  status: MaintenanceStatus;
  ogoneStatus: number | null;
  payidSub: number | null;
  ncError: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * When the acquirer took back this refund after the platform had done it (94, 96: a reversal,
   * docs/ogone-protocol.md §6); absent for one refused before it was done, and for every other
   * operation.
   */
  reversedAt?: string;
  /**
   * Whether the merchant's request named an amount short of all that was left (a partial capture
   * or refund), rather than all of it (no amount, or the whole): an amount-less retry under the
   * same key asks for all that is left and must not be answered with a part
   * (maintenance/operations.ts `replay`). Absent for operations recorded before migration 0030 and
   * for the back office's levels a sync records.
   */
  namedPart?: boolean;
  /**
   * A capture's request said `"final": true` (true) or not (false): what the operation reads
   * (`final`), what closes the order, and what a retry under its key must say again
   * (domain/ledger.ts isFinalCapture; maintenance/operations.ts `replay`). Absent for captures
   * recorded before migration 0035, for refunds and cancels, and for the back office's levels.
   */
  final?: boolean;
}

/** `reversed`: the refund was done and is taken back now; the write records the time (`reversedAt`). */
export type MaintenancePatch = Partial<Pick<MaintenanceOperationRecord, 'status' | 'ogoneStatus' | 'payidSub' | 'ncError'>> & {
  reversed?: true;
};

/** Operations as patches not yet written leave them: a sync's reading of its own answer before its write. */
export function asPatched(
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch> | undefined,
): MaintenanceOperationRecord[] {
  return operations.map((op) => ({ ...op, ...updates?.get(op.id) }));
}

/** Operations are written only with their payment (TransactionDecision.operations); read here. */
export interface OperationStore {
  listOperations(reference: string): Promise<MaintenanceOperationRecord[]>;
  /**
   * A list page's operations that limit what may still be done with its payments, each payment's
   * oldest first: those still open (sending, pending, unknown) and the cancels done.
   */
  listOperationsLimitingActions(references: readonly string[]): Promise<MaintenanceOperationRecord[]>;
}
