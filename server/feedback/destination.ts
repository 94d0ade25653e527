/**
 * Where the shopper's browser goes once its feedback is processed: the shop's success URL for a
 * paid payment (for a duplicate, with the session's paid reference), its failure URL for one that ended unpaid, with `?reference=` (payments/shop-urls.ts);
 * our status page otherwise — and always after an amount or currency mismatch, which a person
 * must look at before the shop says "paid". `session` is the one the feedback's own transaction
 * read and wrote (apply.ts): no read after the commit.
 */
import { HOLDS_MONEY_STATES, PAID_STATES } from '../domain/payment-states.ts';
import { cardStillSaved, setupDestination, setupOutcome } from '../payments/setup-destination.ts';
import { withReference } from '../payments/shop-urls.ts';
import type { CheckoutSessionRecord, Repository, TransactionRecord } from '../repository/types.ts';

export async function shopperDestination(
  transaction: TransactionRecord,
  session: CheckoutSessionRecord | undefined,
  mismatch: boolean,
  statusPage: string,
  now: Date,
  /** Where a setup session's saved card (cardStillSaved) and a duplicate's kept payment are read. */
  repository: Pick<Repository, 'savedCardOfPayment' | 'getTransaction'>,
): Promise<string> {
  if (mismatch || transaction.amountMismatch) return statusPage;
  if (session?.mode === 'setup') {
    const outcome = setupOutcome(transaction, session, now);
    // A return loaded again after the card was forgotten (§15): as when nothing was saved.
    const forgotten = outcome === 'saved' && !(await cardStillSaved(repository, session, transaction.reference));
    return setupDestination(session, transaction.reference, forgotten ? 'not_saved' : outcome, statusPage);
  }
  // A second payment of a paid session (another tab) is given back; the shopper's order is paid
  // by the session's first, which the shop confirms: its reference, whatever this one became
  // (already cancelled by the give-back, its feedback late), never "failed" (review r1070).
  // Only while that payment holds the order's money. Cancelled or refunded since, nothing of the
  // order is paid, and this one is being given back: never "paid" under either reference (review
  // r1120); our page says what became of it.
  // Another tab's payment pays the order: this one cancelled or refused since is no "failed"
  // order either (review r1526, as r1070 for a paid second tab). Without a success URL, our page
  // says the order's state: never the failure URL of a paid order (review r1557).
  const paidBy =
    transaction.duplicateOf || ENDED_UNPAID.has(transaction.state) ? await paidInstead(repository, transaction, session) : undefined;
  if (paidBy) return session?.successUrl ? withReference(session.successUrl, paidBy) : statusPage;
  if (transaction.duplicateOf) return statusPage;
  if (PAID_STATES.has(transaction.state) && session?.successUrl) return withReference(session.successUrl, transaction.reference);
  if (ENDED_UNPAID.has(transaction.state) && session?.failureUrl) return withReference(session.failureUrl, transaction.reference);
  return statusPage;
}

/** A try that ended without paying: the shopper may be sent to try again. */
export const ENDED_UNPAID: ReadonlySet<string> = new Set(['declined', 'cancelled', 'error']);

/**
 * The payment that pays this payment's order instead, while it holds the money: a duplicate's
 * kept payment (`duplicateOf`), or, for a try that ended unpaid, the session's paid payment (a
 * payment session's: a setup session's other tab saved no card here). The way back of the return
 * (above), of the status page (routes/status-page.ts) and of a saved-card payment
 * (aliases/pay.ts) read it here, one reading for all three.
 */
export async function paidInstead(
  repository: Pick<Repository, 'getTransaction'>,
  transaction: Pick<TransactionRecord, 'reference' | 'state'> & Partial<Pick<TransactionRecord, 'duplicateOf'>>,
  session: Pick<CheckoutSessionRecord, 'mode' | 'status' | 'paidReference'> | undefined,
): Promise<string | undefined> {
  const paidBy = transaction.duplicateOf
    ? transaction.duplicateOf
    : ENDED_UNPAID.has(transaction.state) && session && session.mode !== 'setup' && session.status === 'paid'
      ? session.paidReference
      : null;
  if (!paidBy || paidBy === transaction.reference) return undefined;
  return (await paidStill(repository, paidBy)) ? paidBy : undefined;
}

/** Whether the payment `reference` still holds money: a duplicate's shopper is told "paid" only then. */
export async function paidStill(repository: Pick<Repository, 'getTransaction'>, reference: string): Promise<boolean> {
  const kept = await repository.getTransaction(reference);
  return kept !== undefined && HOLDS_MONEY_STATES.has(kept.state);
}
