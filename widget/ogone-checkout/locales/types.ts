/**
 * The strings of one locale, kept short: all seven locales ship in the 12 KB bundle. Functions
 * take already-formatted values (the amount comes from Intl.NumberFormat).
 */
export interface Translation {
  /** BCP 47 tag of this translation. */
  $code: string;
  /** The default button label. */
  pay: (amount: string) => string;
  /** Announced while the checkout loads. */
  loading: string;
  /** Announced while the attempt is created and the hosted page opens. */
  processing: string;
  saveCard: string;
  /** One line under the checkbox: what saving the card (an Ogone alias) means. */
  saveCardHint: string;
  /** Legend of the saved-card choice. */
  payWith: string;
  newCard: string;
  quantity: string;
  retry: string;
  completed: string;
  /** By error code: the API's codes, plus `network` and `payment_declined` of the widget. */
  errors: {
    /** 409: the session was already paid. */
    session_paid: string;
    /** 409: another payment of this session (a double click, another tab) is being processed. */
    attempt_in_progress: string;
    /** 410: the session expired. */
    session_expired: string;
    /** 404: unknown session or button (or none given). */
    not_found: string;
    /** fetch() failed: offline, DNS, server down. */
    network: string;
    /** The server answers but refused this page's origin (CORS: not in its ALLOWED_ORIGINS). */
    origin_not_allowed: string;
    /** 429. */
    rate_limited: string;
    /** A saved-card payment was refused. */
    payment_declined: string;
    /** Any other 4xx/5xx. */
    server: string;
  };
}
