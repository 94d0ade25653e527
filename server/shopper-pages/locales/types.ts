/**
 * Every word a shopper reads on our own pages (the status page, its 404) and in the demo shop's
 * result, for one language. One file per language, each typed `ShopperText`, so a key missing in
 * any language fails the typecheck. Same languages as the widget (widget/ogone-checkout/locales/).
 */
import type { PaymentState } from '../../../shared/status.ts';

/**
 * Why a payment did not go through, as a shopper can act on it: NCERROR codes grouped by what the
 * shopper should do next (decline-reasons.ts; docs/ogone-protocol.md §7).
 */
export type DeclineReason =
  'insufficient_funds' | 'card_expired' | 'card_invalid' | 'authentication_failed' | 'refused' | 'cancelled' | 'technical';

/**
 * What the page shows: a payment state, or one of three situations of our own — the amount Ogone
 * confirmed does not match (`mismatch`), the shopper left before paying and the session expired
 * (`abandoned`), the bank never confirmed before the session expired (`unconfirmed`) — or, for a
 * session that saves a card without paying (issue 19), what became of the card: its verification
 * is a payment of one unit cancelled at once, never shown as one. `card_removed`: the card it
 * saved was forgotten since (deleted by the merchant or the shopper).
 */
export type ShopperPageState =
  | PaymentState
  | 'mismatch'
  | 'abandoned'
  | 'unconfirmed'
  | 'card_saved'
  | 'card_removed'
  | 'card_not_saved'
  | 'card_pending'
  | 'card_unconfirmed';

export interface ShopperText {
  /** BCP 47 tag of this language, as `<html lang>` and Content-Language. */
  $code: string;
  /** Headline per state, short ("Payment declined"). */
  title: Record<ShopperPageState, string>;
  /** One sentence under the headline: what happened and, if anything, what to do. */
  detail: Record<ShopperPageState, string>;
  /** A decline's reason in plain words, with the next step ("Your bank declined the payment. Try another card."). */
  reasons: Record<DeclineReason, string>;
  /** Said after a failed payment: no money was taken. */
  notCharged: string;
  /** What was charged: the authorised amount until a capture, then what was captured. */
  amount: string;
  /** What came back to the card, beside a refunded or partly refunded payment's amount. */
  refunded: string;
  reference: string;
  card: string;
  /** What was bought (the session's description). */
  order: string;
  returnToShop: string;
  tryAgain: string;
  /** Shown while a pending page refreshes itself. */
  refreshing: string;
  /** The small line for support: the platform's code, never in the main message. */
  supportDetails: (code: string) => string;
  notFound: { title: string; detail: string };
  /**
   * A saved-card payment's 3-D Secure challenge opened again once another attempt took its session
   * over (routes/challenge.ts, 410): the order is being, or was, paid elsewhere; `checkOrder` leads
   * to the status page of the attempt that took it over.
   */
  challengeGone: { title: string; detail: string; checkOrder: string };
  /**
   * A payment result we refused (feedback route): a forged or broken link, or an unknown payment.
   * The shopper is told what to do; the technical reason goes on the support line.
   */
  unconfirmedResult: { title: string; signature: string; incomplete: string; unknown: string };
}
