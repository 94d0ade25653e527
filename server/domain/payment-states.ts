/**
 * Which of our payment states mean "the shopper paid" (docs/ogone-protocol.md §8): authorised or
 * captured at least once, refunds included. A session is paid by such a payment, a second one is a
 * duplicate to give back, a saved-card charge answers 201 rather than 202. Here, apart from
 * feedback/ and maintenance/, because both ask it and neither should import the other for it.
 */
import type { PaymentState } from '../../shared/status.ts';

export const PAID_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);
