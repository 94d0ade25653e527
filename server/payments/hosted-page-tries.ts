/**
 * Tries on Ogone's hosted page, as the reconciler's queries see them (docs/ogone-protocol.md §6
 * "Retries on the page", §9 "Another try on the page"). After a refused try the shopper may pay
 * the same order with another card ([ADV] "Appendix: Short Status Overview", status 2: "The
 * customer can retry the authorisation process after selecting another card or another payment
 * method"); a failed 3-D Secure authentication (46, then 2) is such a try. Nothing is sent to the
 * shop until the page ends, so a query between two tries answers the refused one, and the PAYID
 * it gives is that try's: asked by it, the platform answers 2 for good, even once the shopper has
 * paid the order with the next try (review r930). So an attempt whose last word is one of those
 * tries is asked about by ORDERID, and a refusal a query read is asked about again, spaced out,
 * until the page can no longer be paid; a 2 by feedback needs none of this, since the platform
 * sends it only once the page has ended ("declined too many times", [ADV] §9.3.1.1).
 */
import { FAILED_TRY_STATUSES, mayBePaidByAnotherTry } from '../../shared/status.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';

/**
 * How long after an attempt was made the shopper may still pay it on Ogone's page, whatever its
 * session's expiry: the page knows nothing of our expiry, and the guides give it no lifetime
 * (docs/ogone-protocol.md §14). Asked at the session's expiry, "unknown" only says the shopper
 * had not paid yet; marked `expired` then, a payment made a minute later whose feedback was lost
 * was never asked about again.
 */
export const HOSTED_PAGE_PAYABLE_MS = 3_600_000;

/**
 * A refused try (2), an invalid one (0, "Invalid or incomplete": the page lets the shopper correct
 * the card and try again, as after a refusal — review r1180), a try waiting for its 3-D Secure
 * authentication (46), which may still be refused, and a try the customer cancelled (1): whether
 * the page takes the order again after it is not in the guides, and a 5 or 9 after it applies
 * (shared/status.ts mayBePaidByAnotherTry), so a sync asks by ORDERID, not by the cancelled try's PAYID, which
 * answers 1 for good (review r1383).
 */
const ANOTHER_TRY_MAY_FOLLOW: ReadonlySet<number> = new Set([0, 1, 2, 46]);

/** Until when the platform may still learn of an attempt: the later of the two. */
export function payableUntil(
  session: Pick<CheckoutSessionRecord, 'expiresAt'> | undefined,
  attempt: Pick<TransactionRecord, 'createdAt'>,
): number {
  return Math.max(Date.parse(session?.expiresAt ?? ''), Date.parse(attempt.createdAt) + HOSTED_PAGE_PAYABLE_MS);
}

/**
 * An attempt paid on the hosted page: a payment session's, not a DirectLink order with a saved
 * card (the shopper's or the merchant's, aliases/pay.ts and charge.ts, which name their card from
 * the start) nor a setup session's verification. Only the page lets a shopper try again.
 */
export function onHostedPage(
  session: Pick<CheckoutSessionRecord, 'mode'> | undefined,
  attempt: Pick<TransactionRecord, 'aliasId'>,
): boolean {
  return session !== undefined && (session.mode ?? 'payment') === 'payment' && (attempt.aliasId ?? null) === null;
}

/** Whether the attempt's last STATUS is a try the shopper may follow with another of the same order. */
export function mayBeFollowedByAnotherTry(attempt: Pick<TransactionRecord, 'lastStatus'>): boolean {
  return attempt.lastStatus !== null && ANOTHER_TRY_MAY_FOLLOW.has(attempt.lastStatus);
}

/**
 * A hosted-page attempt a query found refused (or invalid) while the page may still be paid: the
 * reconciler asks about it again (`syncNeeded`), spaced out by nextQuestionAt.
 */
export function awaitsAnotherTry(
  session: Pick<CheckoutSessionRecord, 'mode' | 'expiresAt'> | undefined,
  attempt: Pick<TransactionRecord, 'aliasId' | 'lastStatus' | 'state' | 'createdAt'>,
  now: number,
): boolean {
  // Cancelled by the customer, then a later try's 2 or 0 read by a query: the same (review r1393).
  const triedAndFailed =
    attempt.lastStatus !== null &&
    (FAILED_TRY_STATUSES as readonly number[]).includes(attempt.lastStatus) &&
    mayBePaidByAnotherTry(attempt.state, attempt.lastStatus);
  return onHostedPage(session, attempt) && triedAndFailed && payableUntil(session, attempt) > now;
}

/**
 * A hosted-page attempt refused (or in error, or cancelled by the customer) while its page may
 * still be paid: the shopper may pay the same order with another try, so a refusal of a capture,
 * refund or cancel read off that state holds only for now (domain/ledger.ts planOperation, reviews
 * r1030, r1382, r1392). Unlike awaitsAnotherTry, whatever brought the refusal: a feedback's final 2 only
 * costs a Retry-After hint.
 */
export function mayStillBePaidOnPage(
  session: Pick<CheckoutSessionRecord, 'mode' | 'expiresAt'> | undefined,
  attempt: Pick<TransactionRecord, 'aliasId' | 'state' | 'lastStatus' | 'createdAt'>,
  now: number,
): boolean {
  return onHostedPage(session, attempt) && mayBePaidByAnotherTry(attempt.state, attempt.lastStatus) && payableUntil(session, attempt) > now;
}

/**
 * When to ask again about an attempt the shopper may still pay. Ogone forbids systematic queries
 * (DirectLink guide §5.4): the next question waits as long as the attempt is old (10 min, 20,
 * 40… — a handful per abandoned attempt), and never beyond the time it can no longer be paid,
 * when the answer is final.
 */
export function nextQuestionAt(
  session: Pick<CheckoutSessionRecord, 'expiresAt'> | undefined,
  attempt: Pick<TransactionRecord, 'createdAt'>,
  now: number,
): number {
  return Math.min(payableUntil(session, attempt), now + Math.max(now - Date.parse(attempt.createdAt), 60_000));
}
