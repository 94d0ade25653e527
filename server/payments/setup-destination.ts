/**
 * Where the shopper's browser goes after a setup session's return or its 3-D Secure feedback
 * (issue 19): the shop's success URL once the card is saved — the session, not the verification,
 * says so, as the verification is cancelled at once — its failure URL once the attempt ended
 * without a card, with `?reference=` like a payment's (shop-urls.ts); our status page otherwise.
 */
import type { CheckoutSessionRecord, Repository, TransactionRecord } from '../repository/types.ts';
import { withReference } from './shop-urls.ts';

export type SetupOutcome = 'saved' | 'not_saved' | 'pending';

/**
 * What a setup session's verification came to for the shopper: the card saved by this attempt,
 * not saved, or not known yet. The shopper's redirect (feedback/destination.ts) and our status
 * page (shopper-pages/status-view.ts) both say it.
 */
export function setupOutcome(
  transaction: Pick<TransactionRecord, 'reference' | 'state' | 'cardReplacedAt' | 'syncNeeded'> &
    Partial<Pick<TransactionRecord, 'amountMismatch'>>,
  session: Pick<CheckoutSessionRecord, 'status' | 'paidReference' | 'claimReference' | 'claimUntil'>,
  now: Date,
): SetupOutcome {
  // Paid by another attempt (a second tab whose 3-D Secure outlived its claim): this card was
  // not saved, as the FlexCheckout return says for the same case (aliases/setup-return.ts).
  const savedHere = session.status === 'paid' && (session.paidReference === null || session.paidReference === transaction.reference);
  if (savedHere) return 'saved';
  // A verification whose card was replaced meanwhile saves nothing, whatever it ends as (§15).
  const ended = ['declined', 'cancelled', 'error', 'expired'].includes(transaction.state) || Boolean(transaction.cardReplacedAt);
  if (ended || session.status === 'paid') return 'not_saved';
  // A draft nobody is verifying — not sent (no answer awaited), the session not held for it: a
  // second tab's card while another attempt held the session, or its own claim over (its order
  // timed out and the platform said it never got it: nothing sends it again but a reload of the
  // FlexCheckout return). Nothing will verify it; "pending" kept its page waiting until the
  // session expired.
  // A verification the platform answered for another amount is no such draft: answered, it may
  // hold an authorisation of the card, and a person looks (payment.mismatch). "Not saved, try
  // again" put a second hold on the card (review r1555): under way, our page says "under review".
  if (transaction.state === 'draft' && transaction.amountMismatch) return 'pending';
  if (transaction.state === 'draft' && !transaction.syncNeeded && !heldFor(session, transaction.reference, now)) return 'not_saved';
  return 'pending';
}

/**
 * Whether the card a setup session saved (for a repeat session, the kept card it named) is still
 * the customer's. Once it is forgotten — deleted, or its deletion pending — no surface says
 * "saved" any more: the status page says "removed", the FlexCheckout return, whatever its status,
 * and the 3-D Secure return go to the failure URL (docs/ogone-protocol.md §15). Called only for a
 * `saved` outcome: one read, on setup sessions only.
 */
export async function cardStillSaved(
  repository: Pick<Repository, 'savedCardOfPayment'>,
  session: Pick<CheckoutSessionRecord, 'customer'>,
  reference: string,
): Promise<boolean> {
  const customerId = session.customer?.id;
  return !customerId || (await repository.savedCardOfPayment(customerId, reference)) !== undefined;
}

/** Whether the session's claim is this attempt's and not over (payments/session-claims.ts). */
function heldFor(session: Pick<CheckoutSessionRecord, 'claimReference' | 'claimUntil'>, reference: string, now: Date): boolean {
  return session.claimReference === reference && (!session.claimUntil || Date.parse(session.claimUntil) > now.getTime());
}

export function setupDestination(session: CheckoutSessionRecord, reference: string, outcome: SetupOutcome, statusPage: string): string {
  if (outcome === 'saved' && session.successUrl) return withReference(session.successUrl, reference);
  if (outcome === 'not_saved' && session.failureUrl) return withReference(session.failureUrl, reference);
  return statusPage;
}
