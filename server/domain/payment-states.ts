/**
 * Which of our payment states mean "the shopper paid" (docs/ogone-protocol.md §8): authorised or
 * captured at least once, refunds included. A session is paid by such a payment, a second one is a
 * duplicate to give back, a saved-card charge answers 201 rather than 202. Here, apart from
 * feedback/ and maintenance/, because both ask it and neither should import the other for it.
 */
import { HOLDS_MONEY_STATES, type PaymentState } from '../../shared/status.ts';
import type { CheckoutSessionRecord, SessionMode, TransactionRecord } from '../repository/types.ts';

export const PAID_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);

/**
 * Of those, the states in which the payment still holds some of the order's money: all but
 * `refunded`. A duplicate's shopper is told "paid" only while the session's kept payment is in one
 * (feedback/destination.ts), and a session's first payment in one keeps it (maintenance/duplicates.ts).
 */
export { HOLDS_MONEY_STATES };

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
 * What the payment that paid a session, and the session's other payments, were found holding
 * (the repository's locked read, records/transactions.ts SeenFeedback): `sessionPaymentState`
 * undefined when not read, null when there is no such payment.
 */
export interface SessionPaymentSeen {
  sessionPaymentState?: PaymentState | null | undefined;
  otherPaymentHoldsMoney?: boolean | undefined;
}

/**
 * Whether the order's money is held by a payment of the session other than `payment`, as read:
 * its paid payment still holds it (or cannot be found), or another one does (a duplicate kept,
 * review r1416). Undefined when not read.
 */
export function sessionMoneyHeld(seen: SessionPaymentSeen): boolean | undefined {
  const state = seen.sessionPaymentState;
  if (state === undefined) return undefined;
  return state === null || HOLDS_MONEY_STATES.has(state) || seen.otherPaymentHoldsMoney === true;
}

/**
 * The session's payment that a payment in `state` takes the place of: the session is paid by
 * another that holds no money any more (its authorisation cancelled at the platform, refunded in
 * full), no other payment of it holds any, and this one, paid, is not flagged a duplicate. The
 * shopper paid, the merchant kept nothing: this one is the session's payment, never given back.
 */
export function sessionToTakeOver(
  session: Pick<CheckoutSessionRecord, 'mode' | 'status' | 'paidReference'>,
  payment: Pick<TransactionRecord, 'reference' | 'duplicateOf'>,
  state: PaymentState,
  seen: SessionPaymentSeen,
): string | undefined {
  // Only one that holds money itself: a refunded one taking the place of another changes nothing.
  const paidBy = HOLDS_MONEY_STATES.has(state) ? otherPaidReference(session, payment.reference, state) : undefined;
  if (!paidBy || payment.duplicateOf || sessionMoneyHeld(seen) !== false) return undefined;
  return paidBy;
}
