/**
 * A paid payment of a session whose payment holds no money any more takes the session over in the
 * write that records it paid (docs/ogone-protocol.md §8). It was done by the review after that
 * write (maintenance/duplicates.ts takeOverSession), and in between:
 * - another payment of the session decided meanwhile read it still paid by the refunded one, so
 *   both sent a plain `payment.captured` and one was then given back (review r1387);
 * - the refunded payment's 94 (the refund taken back) was decided while it was still the
 *   session's payment, so nothing flagged it, and a process killed before the review's re-check
 *   left both holding the money for good (review r1385).
 * Written under the session's lock (repository/mutate-transaction.ts), every other payment of the
 * session is decided against the payment that holds it now. Applied last, to the whole decision.
 */
import { sessionToTakeOver } from '../domain/payment-states.ts';
import type { PaymentState } from '../../shared/status.ts';
import type { CheckoutSessionRecord, TransactionDecision, TransactionRecord } from '../repository/types.ts';

export function withSessionTakenOver<R>(
  decision: TransactionDecision<R>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  sessionPaymentState: PaymentState | null | undefined,
): TransactionDecision<R> {
  const after = { reference: current.reference, duplicateOf: decision.patch?.duplicateOf ?? current.duplicateOf ?? null };
  const from = sessionToTakeOver(session, after, decision.patch?.state ?? current.state, sessionPaymentState);
  return from ? { ...decision, takeOverSessionFrom: from } : decision;
}
