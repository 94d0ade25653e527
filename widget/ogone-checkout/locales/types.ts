/**
 * The strings of one locale, kept short: all seven locales ship in the 12 KB bundle. Functions
 * take already-formatted values (the amount comes from Intl.NumberFormat).
 */
export interface Translation {
  /** The default button label. */
  pay: (amount: string) => string;
  /** Announced while the checkout loads, and while the attempt is created and the next page opens. */
  processing: string;
  /** The save-card checkbox, and the button of a setup session (save a card without paying). */
  saveCard: string;
  /** One line under the checkbox: what saving the card (an Ogone alias) means. */
  saveCardHint: string;
  /** Legend of the saved-card choice, and the hint of a pay button waiting for that choice. */
  chooseCard: string;
  /** The choice of a new card beside the saved ones ("Use another card"). */
  newCard: string;
  /** Before a saved card's expiry: "VISA •••• 1111, expires 12/30". */
  expires: string;
  /** The button that forgets a saved card. */
  forget: string;
  /** Its confirmation ("Forget?"), followed by `yes` and `no`. */
  forgetAsk: string;
  yes: string;
  no: string;
  quantity: string;
  retry: string;
  completed: string;
  /** One line for a setup session: nothing is charged now. */
  setupHint: string;
  /** A setup session's card is saved. */
  saved: string;
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
    /** Any other 4xx/5xx, when paying or forgetting a card: generic on purpose. */
    server: string;
  };
}
