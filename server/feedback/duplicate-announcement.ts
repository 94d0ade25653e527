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
import type { CheckoutSessionRecord, EventDraft, TransactionDecision, TransactionRecord } from '../repository/types.ts';
import { duplicatePaymentEvent } from '../payments/views.ts';

export type DuplicatePaymentsPolicy = NonNullable<ServerConfig['duplicatePayments']>;

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
  if (decision.events?.some((event) => event.type === 'payment.duplicate')) return decision;
  const event = duplicatePaymentEvent({ ...current, ...decision.patch }, session, duplicateOf, action);
  return { ...decision, events: [...(decision.events ?? []), event] };
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
