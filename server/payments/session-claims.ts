/**
 * One charge per session for saved-card payments (issue 13): before DirectLink is asked to
 * charge, the attempt claims its session in one conditional UPDATE (repository.claimSession), so
 * of ten double-clicks — in one process or on several instances sharing PostgreSQL — exactly one
 * reaches the platform; the others get 409 `attempt_in_progress`. A claim that ends without a
 * payment (declined, error, a failed 3-D Secure) is released at once so the shopper can retry.
 * See docs/ogone-protocol.md §8.
 */
import type { AppContext } from '../app-context.ts';
import { PaymentError, sessionNotFound } from '../domain/payment-error.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';

/**
 * How long a claim holds without an answer: DirectLink's own 40 s timeout plus a 3-D Secure
 * challenge the shopper is answering. A claim whose outcome stays unknown (no answer) expires
 * after it, never earlier: the platform may have charged, and the reconciler finds out meanwhile.
 */
export const CLAIM_SECONDS = 600;

/** States in which a payment is over without money taken: its claim has no reason to hold. */
const UNPAID_END: ReadonlySet<string> = new Set(['declined', 'error', 'cancelled']);

const attemptInProgress = () =>
  new PaymentError(
    'conflict',
    'attempt_in_progress',
    'a payment of this checkout session is already in progress; wait for its result before trying again',
  );

/**
 * A hosted-page attempt while a saved-card payment holds the session (its 3-D Secure under way):
 * 409 like a second saved-card attempt. The platform cannot stop two hosted-page tabs (§8), but a
 * payment we know is in flight must not be joined by a second signed form, to be given back later.
 */
export function assertUnclaimed(session: CheckoutSessionRecord, now: Date): void {
  if (session.claimReference && session.claimUntil && Date.parse(session.claimUntil) > now.getTime()) throw attemptInProgress();
}

/**
 * A payment of the session the platform is still deciding — 52 / 92 "the customer should not
 * retry, the payment might already have been accepted" (DirectLink guide §3.3), or processed
 * offline (51, 99…) — holds the session however it was made: a hosted-page payment takes no
 * claim, and back on the shop the shopper was offered "Pay" again, a second order charged beside
 * the first and given back only afterwards (docs/ogone-protocol.md §8). The reconciler settles it;
 * a 46 (a challenge left open) does not hold it. Read with the session (repository getSession).
 */
export function assertNoPaymentBeingDecided(session: CheckoutSessionRecord): void {
  const status = session.paymentBeingDecided;
  if (status !== null && status !== undefined) throw paymentBeingDecided(status);
}

const paymentBeingDecided = (status: number) =>
  new PaymentError(
    'conflict',
    'attempt_in_progress',
    `a payment of this checkout session is still being processed by the platform (STATUS ${status}); its outcome decides, try again later`,
  );

export async function claimSession(ctx: AppContext, sessionId: string, reference: string): Promise<void> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString();
  const outcome = await ctx.repository.claimSession(sessionId, reference, now.toISOString(), until);
  if (outcome === 'claimed') return;
  if (outcome === 'paid') throw new PaymentError('conflict', 'session_paid', 'this checkout session is already paid');
  if (outcome === 'missing') throw sessionNotFound();
  if (typeof outcome === 'object') throw paymentBeingDecided(outcome.deciding);
  throw attemptInProgress();
}

/**
 * Right before an order of the claim's attempt goes out: the claim renewed, if it still holds the
 * session. An instance frozen past the claim's end (a stalled process, a database that hung) found
 * the session taken over by another attempt, which had charged the card — and sent its own order
 * too, under another ORDERID (review r1536). Lapsed, nothing is sent: 409, as for a second attempt.
 */
export async function holdClaim(ctx: AppContext, sessionId: string, reference: string): Promise<void> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString();
  if (!(await ctx.repository.renewSessionClaim(sessionId, reference, now.toISOString(), until))) throw attemptInProgress();
}

export async function releaseClaim(ctx: AppContext, sessionId: string, reference: string): Promise<void> {
  await ctx.repository.releaseSessionClaim(sessionId, reference);
}

/**
 * Whether a payment is over without money taken, so its claim has no reason to hold. Not a draft
 * answered for another amount (amountMismatch): that answer may hold an authorisation, and a
 * person looks (payment.mismatch).
 */
export function endedUnpaid(transaction: Pick<TransactionRecord, 'state'>): boolean {
  return UNPAID_END.has(transaction.state);
}

/** After a payment changed (answer, feedback, query): a saved-card attempt that ended unpaid frees its session. */
export async function releaseIfUnpaid(ctx: AppContext, transaction: TransactionRecord): Promise<void> {
  if (transaction.aliasId && endedUnpaid(transaction)) await releaseClaim(ctx, transaction.sessionId, transaction.reference);
}
