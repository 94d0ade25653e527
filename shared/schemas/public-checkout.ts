/**
 * What the browser sees of our API — the public checkout view and an attempt's answer — as plain
 * types, free of zod: the widget imports them (its package ships without zod). The merchant API's
 * schemas are api.ts, which re-exports these.
 */
import type { PaymentState } from '../status.ts';

export const SAVE_CARD_POLICIES = ['never', 'optional', 'always'] as const;
export type SaveCardPolicy = (typeof SAVE_CARD_POLICIES)[number];

/** What the widget needs to render (`GET /checkout/sessions/:id`, `GET /checkout/buttons/:id`). */
export interface PublicCheckoutView {
  id: string;
  kind: 'session' | 'button';
  amount: number;
  currency: string;
  merchantName: string;
  description?: string;
  saveCard: SaveCardPolicy;
  savedCards: SavedCardView[];
  /** open: can be paid; processing: a payment is under way; paid; expired; cancelled. */
  status: 'open' | 'processing' | 'paid' | 'expired';
  minQuantity?: number;
  maxQuantity?: number;
  locale?: string;
  /** `setup`: save a card without paying (amount 0; `paid` then means "card saved"). Absent: a payment. */
  mode?: 'payment' | 'setup';
}

export interface SavedCardView {
  id: string;
  brand: string;
  /** Masked as Ogone returns it: `XXXXXXXXXXXX1111`. */
  cardNumber: string;
  last4: string;
  /** MM/YY */
  expiry: string;
}

/** The answer to an attempt: where the browser goes next. */
export type AttemptResult =
  /** Post `fields` to `action` as a top-level form (the hosted payment page). */
  | { kind: 'redirect'; reference: string; action: string; method: 'POST'; fields: Record<string, string> }
  /** A saved-card payment needing 3-D Secure: navigate to `url` (a page of ours rendering HTML_ANSWER). */
  | { kind: 'challenge'; reference: string; url: string }
  /**
   * Navigate the top-level page to `url`: a setup session's FlexCheckout tokenization page, or our
   * status page of a saved-card payment the platform answered for another amount (under review).
   */
  | { kind: 'navigate'; reference: string; url: string }
  /** A saved-card payment that finished without leaving the page. */
  | { kind: 'completed'; reference: string; state: PaymentState; successUrl?: string };
