/**
 * The events `<ogone-checkout>` dispatches, with their `detail`, and the element itself, in the
 * DOM's global type maps: `el.addEventListener('ogone-checkout-success', (e) => e.detail.state)`
 * and `document.querySelector('ogone-checkout')` are typed for every consumer of the package.
 * Types only: nothing here reaches the bundle.
 */
import type { PublicCheckoutView } from '../../shared/schemas/public-checkout.ts';
import type { PaymentState } from '../../shared/status.ts';
import type { OgoneCheckout } from './ogone-checkout.ts';

/**
 * The codes of `ogone-checkout-error`: the API's, plus the widget's own — `network` (the server
 * could not be reached, or its answer was lost), `origin_not_allowed` (it answers, but its
 * ALLOWED_ORIGINS leaves this page's origin out: CORS), `missing_id`, `payment_declined`,
 * `http_<status>`. Any other string is a code the server sent.
 */
export type CheckoutErrorCode =
  | 'session_paid'
  | 'session_expired'
  | 'attempt_in_progress'
  | 'not_found'
  | 'rate_limited'
  | 'network'
  | 'origin_not_allowed'
  | 'missing_id'
  | 'payment_declined'
  | (string & {});

/** What went wrong, as shown and as sent in `ogone-checkout-error`. */
export interface CheckoutErrorDetail {
  /** The API's error code (`session_paid`, `session_expired`, `not_found`, `rate_limited`, …), or `network`, `origin_not_allowed`, `missing_id`, `payment_declined`, `http_<status>`. */
  code: CheckoutErrorCode;
  /** The localized text shown to the shopper. */
  message: string;
  /** HTTP status, 0 when the server could not be reached. */
  status: number;
  /** The server's own (English, developer-facing) message, when it sent one. */
  serverMessage?: string;
  field?: string;
}

/** `ogone-checkout-ready`: the checkout loaded and can be paid (or, for a setup session, a card saved). */
export interface CheckoutReadyDetail {
  view: PublicCheckoutView;
}

/** `ogone-checkout-submit` (cancelable): what the shopper chose, before any request. */
export interface CheckoutSubmitDetail {
  /** Whether the new card is to be saved as an Ogone alias (always true for a setup session). */
  saveCard: boolean;
  /** The saved card chosen, or undefined for a new card. */
  aliasId: string | undefined;
  /** The quantity of a payment button; undefined for a session. */
  quantity: number | undefined;
}

/** `ogone-checkout-redirect` (cancelable) towards the hosted payment page: a form to post at top level. */
export interface CheckoutFormRedirectDetail {
  reference: string;
  action: string;
  fields: Record<string, string>;
  /** The hidden form the widget built and appended to the document. */
  form: HTMLFormElement;
}

/** `ogone-checkout-redirect` (cancelable) towards a page to navigate to: 3-D Secure, or FlexCheckout for a setup session. */
export interface CheckoutNavigateDetail {
  reference: string;
  url: string;
}

export type CheckoutRedirectDetail = CheckoutFormRedirectDetail | CheckoutNavigateDetail;

/** `ogone-checkout-success` (cancelable): a saved-card payment finished without leaving the page. */
export interface CheckoutSuccessDetail {
  reference: string;
  state: PaymentState;
  successUrl?: string;
}

/** `ogone-checkout-card-forgotten`: the shopper forgot a saved card; it is deleted (at Ogone too). */
export interface CardForgottenDetail {
  aliasId: string;
}

/** `ogone-checkout-setup-completed`: a setup session saved its card. */
export interface SetupCompletedDetail {
  sessionId: string;
}

/** Every event of the element by name (each bubbles and is composed). */
export interface OgoneCheckoutEventMap {
  'ogone-checkout-ready': CustomEvent<CheckoutReadyDetail>;
  'ogone-checkout-submit': CustomEvent<CheckoutSubmitDetail>;
  'ogone-checkout-redirect': CustomEvent<CheckoutRedirectDetail>;
  'ogone-checkout-error': CustomEvent<CheckoutErrorDetail>;
  'ogone-checkout-success': CustomEvent<CheckoutSuccessDetail>;
  'ogone-checkout-card-forgotten': CustomEvent<CardForgottenDetail>;
  'ogone-checkout-setup-completed': CustomEvent<SetupCompletedDetail>;
}

/** An event's name without its `ogone-checkout-` prefix, as the element's dispatch helper takes it. */
export type CheckoutEventSuffix = {
  [K in keyof OgoneCheckoutEventMap]: K extends `ogone-checkout-${infer S}` ? S : never;
}[keyof OgoneCheckoutEventMap];

/** The `detail` of an event, by its name without the prefix. */
export type CheckoutEventDetail<S extends CheckoutEventSuffix> = OgoneCheckoutEventMap[`ogone-checkout-${S}`]['detail'];

// Every event bubbles and is composed: typed on elements and on the document alike.
declare global {
  interface HTMLElementTagNameMap {
    'ogone-checkout': OgoneCheckout;
  }
  // Merging into the DOM's maps needs the `extends` form; an empty body is the point here.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends OgoneCheckoutEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends OgoneCheckoutEventMap {}
}
