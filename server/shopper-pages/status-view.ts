/**
 * What the status page says about a payment, decided apart from its HTML: which headline, whether
 * it still refreshes, where "Return to the shop" goes. A draft or pending payment refreshes only
 * until its session expires; after that nothing will change by waiting, so the page stops and
 * says what to do instead (a draft nothing can charge any more: the shopper left, go back and pay
 * again; a pending one, or a draft Ogone's page or the platform may still charge: not confirmed
 * yet, keep the reference).
 */
import type { PaymentState } from '../../shared/status.ts';
import type { CheckoutSessionRecord } from '../repository/records/sessions.ts';
import type { TransactionRecord } from '../repository/records/transactions.ts';
import { PAID_STATES } from '../domain/payment-states.ts';
import { onHostedPage, payableUntil } from '../payments/hosted-page-tries.ts';
import { setupOutcome } from '../payments/setup-destination.ts';
import { withReference } from '../payments/shop-urls.ts';
import { declineReason, type DeclineExplanation } from './decline-reasons.ts';
import type { ShopperPageState } from './locales/types.ts';

/** Longest wait between two refreshes of a pending page. */
export const REFRESH_SECONDS = 5;

export type Outcome = 'success' | 'failure' | 'waiting' | 'neutral';

export interface StatusView {
  state: ShopperPageState;
  outcome: Outcome;
  decline: DeclineExplanation | undefined;
  /** Seconds until the page reloads itself; undefined: it does not. */
  refreshSeconds: number | undefined;
  /** The shop's page to go back to, when the merchant gave one. */
  shopUrl: string | undefined;
}

/** How a shopper should read each state (the status page's and the demo shop's colour and wording). */
export const OUTCOME_OF_STATE: Readonly<Record<PaymentState, Outcome>> = {
  draft: 'waiting',
  pending: 'waiting',
  authorized: 'success',
  captured: 'success',
  partially_refunded: 'neutral',
  refunded: 'neutral',
  cancelled: 'failure',
  declined: 'failure',
  error: 'failure',
  expired: 'neutral',
};

type ViewedPayment = Pick<TransactionRecord, 'reference' | 'state' | 'ncError' | 'amountMismatch' | 'cardReplacedAt' | 'syncNeeded'> &
  Partial<Pick<TransactionRecord, 'lastStatus' | 'duplicateOf' | 'createdAt' | 'aliasId'>>;
type ViewedSession = Pick<
  CheckoutSessionRecord,
  'expiresAt' | 'successUrl' | 'failureUrl' | 'mode' | 'status' | 'paidReference' | 'claimReference' | 'claimUntil'
>;

/**
 * The page's way back to the shop carries the payment's reference, as every other way back does
 * (payments/shop-urls.ts; README "Embedding"): the shop's page confirms the payment with it. Left
 * out, a shopper who paid came back to a page that could not tell which payment (review r1070).
 */
const backToShop = (url: string | null | undefined, reference: string) => (url ? withReference(url, reference) : undefined);

/** Seconds until the session expires, or 0: a page never refreshes past it. */
const secondsLeft = (session: ViewedSession | undefined, now: Date) =>
  session ? Math.max(0, Math.ceil((Date.parse(session.expiresAt) - now.getTime()) / 1000)) : 0;

/**
 * A setup session's page says what became of the card (payments/setup-destination.ts), never the
 * verification's own state: an authorisation of one unit cancelled at once read "Payment accepted
 * — 1.00", then "Payment cancelled", to a shopper who was told nothing is charged.
 */
function setupView(transaction: ViewedPayment, session: ViewedSession, now: Date): StatusView {
  // Answered for another amount: under review, as a payment's page says — no way back to "try
  // again" beside an authorisation of the card a person has yet to look at (review r1555).
  if (transaction.amountMismatch && transaction.state === 'draft')
    return { state: 'mismatch', outcome: 'neutral', decline: undefined, refreshSeconds: undefined, shopUrl: undefined };
  const outcome = setupOutcome(transaction, session, now);
  const left = secondsLeft(session, now);
  if (outcome === 'saved')
    return {
      state: 'card_saved',
      outcome: 'success',
      decline: undefined,
      refreshSeconds: undefined,
      shopUrl: backToShop(session.successUrl, transaction.reference),
    };
  // A card still being checked may yet be saved (§15): back to the success URL, where the shop
  // reads the session's state, never to its "not saved, try another card" page — a second try
  // puts a second hold on the card (review r1555), as the return redirect never sends a pending
  // verification there (setup-destination.ts; review r1707).
  const pendingUrl = backToShop(session.successUrl, transaction.reference);
  if (outcome === 'pending' && left > 0)
    return {
      state: 'card_pending',
      outcome: 'waiting',
      decline: undefined,
      refreshSeconds: Math.min(REFRESH_SECONDS, left),
      shopUrl: pendingUrl,
    };
  // The bank may still authorise the verification after the session expired, and the card is then
  // saved (feedback/decide.ts): not confirmed yet, as a payment's page says, never "not saved".
  if (outcome === 'pending')
    return { state: 'card_unconfirmed', outcome: 'neutral', decline: undefined, refreshSeconds: undefined, shopUrl: pendingUrl };
  const shopUrl = backToShop(session.failureUrl ?? session.successUrl, transaction.reference);
  // The reasons are a payment's words ("You cancelled the payment"; the give-back's own cancel is
  // one too): the page says the card was not saved, and to try again.
  return { state: 'card_not_saved', outcome: 'failure', decline: undefined, refreshSeconds: undefined, shopUrl };
}

/**
 * A setup session's page once the card it saved was forgotten (`DELETE /api/aliases/:id`, the
 * widget's Forget; for a repeat session, the kept card it named): "Card saved" would tell the
 * shopper of a card the shop can no longer charge. Back to the shop as when nothing was saved, to
 * save one again — as the FlexCheckout return does in that case (aliases/setup-return.ts).
 */
export function cardRemovedView(session: Pick<CheckoutSessionRecord, 'successUrl' | 'failureUrl'>, reference: string): StatusView {
  return {
    state: 'card_removed',
    outcome: 'neutral',
    decline: undefined,
    refreshSeconds: undefined,
    shopUrl: backToShop(session.failureUrl ?? session.successUrl, reference),
  };
}

/**
 * Whether a draft may still end paid: the reconciler awaits the platform's word on it (an order
 * that may have reached the platform), or the shopper may still pay it on Ogone's hosted page.
 */
function draftMayBePaid(transaction: ViewedPayment, session: ViewedSession | undefined, now: Date): boolean {
  if (transaction.state !== 'draft') return false;
  if (transaction.syncNeeded) return true;
  return (
    transaction.createdAt !== undefined &&
    onHostedPage(session, { aliasId: transaction.aliasId ?? null }) &&
    payableUntil(session, { createdAt: transaction.createdAt }) > now.getTime()
  );
}

/**
 * `paidBy`: the payment that pays this one's order instead, while it holds the money — a
 * duplicate's kept payment, or another tab's that paid the session while this one ended unpaid
 * (feedback/destination.ts paidInstead).
 */
export function statusView(transaction: ViewedPayment, session: ViewedSession | undefined, now: Date, paidBy?: string): StatusView {
  if (session?.mode === 'setup') return setupView(transaction, session, now);
  // The way back is the return redirect's (feedback/destination.ts): the success URL for a payment
  // made (partly or wholly refunded since too: review r1525) and for one still being decided, whose
  // money may be taken — "try again" there could charge twice (review r1527); the failure URL
  // only for an attempt that ended unpaid. A duplicate being given back, or an unpaid try of an
  // order another tab paid, goes back under the paying payment's reference while it holds the
  // money; a duplicate without it is not paid here.
  // One under review for an amount mismatch may have been charged too (review r1558). An order
  // another payment pays links to the success URL under that one's reference, or nowhere.
  const madeOrUnderWay =
    PAID_STATES.has(transaction.state) ||
    transaction.state === 'pending' ||
    transaction.amountMismatch ||
    draftMayBePaid(transaction, session, now);
  const shopUrl = paidBy
    ? backToShop(session?.successUrl, paidBy)
    : backToShop(
        !transaction.duplicateOf && madeOrUnderWay ? session?.successUrl : (session?.failureUrl ?? session?.successUrl),
        transaction.reference,
      );
  if (transaction.amountMismatch) return { state: 'mismatch', outcome: 'neutral', decline: undefined, refreshSeconds: undefined, shopUrl };
  if (transaction.state === 'draft' || transaction.state === 'pending') {
    // No session, no known end: never refresh forever.
    const left = secondsLeft(session, now);
    if (left > 0)
      return { state: transaction.state, outcome: 'waiting', decline: undefined, refreshSeconds: Math.min(REFRESH_SECONDS, left), shopUrl };
    // A draft is abandoned only once nothing can charge it any more: not while the platform may
    // have the order (its answer lost, `syncNeeded`: review r1708), nor while Ogone's page may
    // still take it — up to HOSTED_PAGE_PAYABLE_MS after it was made, whatever the session's
    // expiry (§9 "Unknown order"; review r1705). Until then "not confirmed yet", never "you have
    // not been charged, try again": a second payment of an order that may have charged.
    const state = transaction.state === 'draft' && !draftMayBePaid(transaction, session, now) ? 'abandoned' : 'unconfirmed';
    return { state, outcome: state === 'abandoned' ? 'failure' : 'neutral', decline: undefined, refreshSeconds: undefined, shopUrl };
  }
  return {
    state: transaction.state,
    outcome: OUTCOME_OF_STATE[transaction.state],
    decline: declineReason(transaction.state, transaction.ncError, transaction.lastStatus),
    refreshSeconds: undefined,
    shopUrl,
  };
}
