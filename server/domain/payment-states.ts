/**
 * Which of our payment states mean "the shopper paid" (docs/ogone-protocol.md §8): authorised or
 * captured at least once, refunds included. A session is paid by such a payment, a second one is a
 * duplicate to give back, a saved-card charge answers 201 rather than 202. Here, apart from
 * feedback/ and maintenance/, because both ask it and neither should import the other for it.
 */
import type { PaymentState } from '../../shared/status.ts';
import type { CheckoutSessionRecord, SessionMode, TransactionRecord } from '../repository/types.ts';

export const PAID_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);

/**
 * Of those, the states in which the payment still holds some of the order's money: all but
 * `refunded`. A duplicate's shopper is told "paid" only while the session's kept payment is in one
 * (feedback/destination.ts), and a session's first payment in one keeps it (maintenance/duplicates.ts).
 */
export const HOLDS_MONEY_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded']);

/** Of the paid states, the states with money captured: captured at least once, refunds included. */
export const CAPTURED_STATES: ReadonlySet<PaymentState> = new Set(['captured', 'partially_refunded', 'refunded']);

/**
 * A payment whose automatic give-back may still be owed — a try that failed, a process that died
 * before sending it (maintenance/duplicates.ts reviewPayment decides): a paid one flagged as its
 * session's second, or a setup session's card verification still authorised.
 */
export function mayOweGiveBack(
  transaction: Pick<TransactionRecord, 'duplicateOf' | 'state'>,
  sessionMode: SessionMode | undefined,
): boolean {
  if (sessionMode === 'setup') return transaction.state === 'authorized';
  return transaction.duplicateOf != null && PAID_STATES.has(transaction.state);
}

/**
 * The reference of the payment that paid the session, when it is another than `reference` and a
 * payment in `state` would be a second paid one (two tabs): a duplicate to give back
 * (maintenance/duplicates.ts). Setup sessions' payments are verifications, never duplicates.
 */
export function otherPaidReference(
  session: Pick<CheckoutSessionRecord, 'mode' | 'status' | 'paidReference'>,
  reference: string,
  state: PaymentState,
): string | undefined {
  if (session.mode === 'setup' || session.status !== 'paid' || !session.paidReference || session.paidReference === reference)
    return undefined;
  return PAID_STATES.has(state) ? session.paidReference : undefined;
}

/**
 * The session's payment that a payment in `state` takes the place of: the session is paid by
 * another that holds no money any more (its authorisation cancelled at the platform, refunded in
 * full), and this one, paid, is not flagged its duplicate. `sessionPaymentState` is that payment's
 * state as read under the session's lock (undefined: not read, null: no such payment). The
 * shopper paid, the merchant kept nothing: this one is the session's payment, never given back.
 */
export function sessionToTakeOver(
  session: Pick<CheckoutSessionRecord, 'mode' | 'status' | 'paidReference'>,
  payment: Pick<TransactionRecord, 'reference' | 'duplicateOf'>,
  state: PaymentState,
  sessionPaymentState: PaymentState | null | undefined,
): string | undefined {
  const paidBy = otherPaidReference(session, payment.reference, state);
  if (!paidBy || payment.duplicateOf || sessionPaymentState == null || HOLDS_MONEY_STATES.has(sessionPaymentState)) return undefined;
  return paidBy;
}
