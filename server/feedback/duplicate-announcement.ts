/**
 * `payment.duplicate` written with the flag, whichever decider made the write. decide.ts flags a
 * payment paid beside the session's own `duplicateOf` in the write that records it paid (review
 * r1310), but the ledger's deciders (with-operations.ts, apply-answer.ts's back-office readings)
 * write events of their own in place of decide.ts's, keeping its patch: a payment taken back by a
 * 94 and so paid again was flagged and never announced, and under DUPLICATE_PAYMENTS=keep nobody
 * learnt of the double charge (review r1340). Applied last, to the whole decision, it announces
 * every flag this write makes, once. See docs/ogone-protocol.md §8.
 */
import type { ServerConfig } from '../config/server-config.ts';
import type { Logger } from '../logger.ts';
import type { CheckoutSessionRecord, DuplicateAction, EventDraft, TransactionDecision, TransactionRecord } from '../repository/types.ts';
import { duplicatePaymentEvent } from '../payments/views.ts';

export type DuplicatePaymentsPolicy = DuplicateAction;

/** DUPLICATE_PAYMENTS, `refund` when unset (a hand-built configuration, a test's context). */
export function duplicatePaymentsPolicy(config: Pick<ServerConfig, 'duplicatePayments'> | undefined): DuplicatePaymentsPolicy {
  return config?.duplicatePayments ?? 'refund';
}

export function withDuplicateAnnounced<R>(
  decision: TransactionDecision<R>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  action: DuplicatePaymentsPolicy,
): TransactionDecision<R> {
  const duplicateOf = decision.patch?.duplicateOf;
  if (!duplicateOf || current.duplicateOf) return decision;
  // The action announced is the one kept for the payment (duplicateAction): its give-back follows
  // it for good, not whatever DUPLICATE_PAYMENTS says at a later review (review r1386).
  const recorded = decision.patch?.duplicateAction ?? action;
  const flagged = { ...decision, patch: { ...decision.patch, duplicateAction: recorded } };
  if (decision.events?.some((event) => event.type === 'payment.duplicate')) return flagged;
  const event = duplicatePaymentEvent({ ...current, ...flagged.patch }, session, duplicateOf, recorded);
  return { ...flagged, events: [...(decision.events ?? []), event] };
}

/**
 * What is done with a payment flagged `duplicateOf`: the action recorded with the flag, or the
 * setting for a payment flagged before migration 0034 with no announcement left to tell.
 */
export function duplicateActionOf(
  config: Pick<ServerConfig, 'duplicatePayments'> | undefined,
  payment: Pick<TransactionRecord, 'duplicateAction'>,
): DuplicatePaymentsPolicy {
  return payment.duplicateAction ?? duplicatePaymentsPolicy(config);
}

/**
 * The operator's warning of a double charge, once per `payment.duplicate` a committed write made —
 * whichever wrote it: the feedback's own write, a query's answer, or the review after them
 * (maintenance/duplicates.ts). Logged after the commit, so never for a write rolled back.
 */
export function warnOfDuplicates(logger: Pick<Logger, 'warn'>, events: readonly EventDraft[]): void {
  for (const event of events) {
    if (event.type !== 'payment.duplicate') continue;
    const { sessionId, duplicateOf, action } = event.data as { sessionId?: unknown; duplicateOf?: unknown; action?: unknown };
    logger.warn({ reference: event.reference, sessionId, duplicateOf, action }, 'second payment of a paid session');
  }
}
