/**
 * Which of our payment states mean "the shopper paid" (docs/ogone-protocol.md §8): authorised or
 * captured at least once, refunds included. A session is paid by such a payment, a second one is a
 * duplicate to give back, a saved-card charge answers 201 rather than 202. Here, apart from
 * feedback/ and maintenance/, because both ask it and neither should import the other for it.
 */
import type { PaymentState } from '../../shared/status.ts';
import type { TransactionRecord } from '../repository/types.ts';

export const PAID_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);

/**
 * A paid payment flagged as a session's second: its give-back may still be owed — a try that
 * failed, a process that died before sending it (maintenance/duplicates.ts reviewPayment decides).
 */
export function mayOweGiveBack(transaction: Pick<TransactionRecord, 'duplicateOf' | 'state'>): boolean {
  return transaction.duplicateOf != null && PAID_STATES.has(transaction.state);
}
