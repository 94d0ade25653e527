/**
 * What a paid payment is to its session, decided on the whole decision — the state every decider
 * (decide.ts, with-operations.ts, apply-answer.ts's readings of the platform's levels) leaves it
 * in — in the write that records it paid (docs/ogone-protocol.md §8):
 *
 * - **it takes the session over** when the session's payment holds no money any more (cancelled,
 *   refunded in full) and no other payment of it does. This was the review's, after the write; in
 *   between another tab's payment read the session still paid by the refunded one and sent a
 *   second plain `payment.captured` (review r1387), and a 94 giving the first payment its money
 *   back was decided while it was still the session's, so a crash before the review's re-check
 *   left both holding the money (r1385). Written under the session's lock, every later payment of
 *   the session is decided against the one that holds it now;
 * - **it is the session's duplicate** while the order's money is held elsewhere: flagged
 *   `duplicateOf`, and its own events say so. decide.ts flags what its STATUS decides; a capture
 *   the platform's levels revealed on a cancelled payment (with-operations.ts, apply-answer.ts)
 *   was left to the review, and its `payment.captured` went out plain (r1415).
 *
 * Applied last, before duplicate-announcement.ts announces the flag.
 */
import { otherPaidReference, sessionMoneyHeld, sessionToTakeOver, type SessionPaymentSeen } from '../domain/payment-states.ts';
import type { CheckoutSessionRecord, EventDraft, TransactionDecision, TransactionRecord } from '../repository/types.ts';

export function withSessionRole<R>(
  decision: TransactionDecision<R>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  seen: SessionPaymentSeen,
): TransactionDecision<R> {
  const state = decision.patch?.state ?? current.state;
  const payment = { reference: current.reference, duplicateOf: decision.patch?.duplicateOf ?? current.duplicateOf ?? null };
  const from = sessionToTakeOver(session, payment, state, seen);
  if (from) return { ...decision, takeOverSessionFrom: from };
  const paidBy = otherPaidReference(session, current.reference, state);
  if (!paidBy || payment.duplicateOf || sessionMoneyHeld(seen) !== true) return decision;
  // Its give-back is owed: should this process die before the review records it, the
  // reconciler's sync brings the review back (as decide.ts does for the flags it makes).
  return {
    ...decision,
    patch: { ...decision.patch, duplicateOf: paidBy, syncNeeded: true },
    events: decision.events?.map((event) => flaggedView(event, current.reference, paidBy)),
  };
}

/** This payment's view in an event (payments/views.ts transactionView) with the flag the write sets. */
function flaggedView(event: EventDraft, reference: string, duplicateOf: string): EventDraft {
  const data = event.data as Record<string, unknown> | null;
  if (event.reference !== reference || typeof data !== 'object' || data === null || !('duplicateOf' in data)) return event;
  return { ...event, data: { ...data, duplicateOf } };
}
