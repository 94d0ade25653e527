/**
 * `payment.duplicate` written with the flag, whichever decider made the write. decide.ts flags a
 * payment paid beside the session's own `duplicateOf` in the write that records it paid (review
 * r1310), but the ledger's deciders (with-operations.ts, apply-answer.ts's back-office readings)
 * write events of their own in place of decide.ts's, keeping its patch: a payment taken back by a
 * 94 and so paid again was flagged and never announced, and under DUPLICATE_PAYMENTS=keep nobody
 * learnt of the double charge (review r1340). Applied last, to the whole decision, it announces
 * every flag this write makes, once. See docs/ogone-protocol.md §8.
 */
import type { CheckoutSessionRecord, TransactionDecision, TransactionRecord } from '../repository/types.ts';
import { duplicatePaymentEvent } from '../payments/views.ts';

export function withDuplicateAnnounced<R>(
  decision: TransactionDecision<R>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  action: 'refund' | 'keep',
): TransactionDecision<R> {
  const duplicateOf = decision.patch?.duplicateOf;
  if (!duplicateOf || current.duplicateOf) return decision;
  if (decision.events?.some((event) => event.type === 'payment.duplicate')) return decision;
  const event = duplicatePaymentEvent({ ...current, ...decision.patch }, session, duplicateOf, action);
  return { ...decision, events: [...(decision.events ?? []), event] };
}
