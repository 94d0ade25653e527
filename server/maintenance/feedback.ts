/**
 * Feedback and query answers for a payment that has maintenance operations: our ledger
 * (ledger.ts) owns its state and amounts from then on, because Ogone's status-change feedback
 * carries the original AMOUNT and the payment's overall STATUS (8 after a partial refund too),
 * which `decideFeedback` alone would read as "everything refunded".
 */
import type { FeedbackResult } from '../payments/feedback.ts';
import { transactionView } from '../payments/views.ts';
import type {
  CheckoutSessionRecord, MaintenanceOperationRecord, MaintenancePatch, TransactionDecision, TransactionPatch, TransactionRecord,
} from '../repository/types.ts';
import { settle, settlementEvents, updatesFromOverallStatus } from './ledger.ts';

export function withOperations(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  ops: readonly MaintenanceOperationRecord[],
  status: number,
  extra: ReadonlyMap<string, MaintenancePatch> = new Map(),
): TransactionDecision<FeedbackResult> {
  if (ops.length === 0 || decision.result.mismatch) return decision;
  const details: TransactionPatch = { ...decision.patch };
  delete details.state;
  delete details.capturedAmount;
  delete details.refundedAmount;
  const updates = new Map([...updatesFromOverallStatus(ops, status), ...extra]);
  const base = { ...current, ...details };
  const settlement = settle(base, ops, updates);
  const patch: TransactionPatch = { ...details, ...settlement.patch };
  if (status !== current.lastStatus) patch.lastStatus = status;
  const events = settlementEvents(settlement.after, settlement.settled, (t) => transactionView(t, session));
  const { markSessionPaid: _ignored, ...rest } = decision;
  return {
    ...rest,
    patch,
    events,
    operations: { update: [...updates].map(([id, change]) => ({ id, patch: change })) },
    result: { ...decision.result, changed: settlement.patch.state !== undefined, outcome: updates.size > 0 || patch.lastStatus !== undefined ? 'applied' : decision.result.outcome },
  };
}
