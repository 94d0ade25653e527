/**
 * The one error the domain (payments, maintenance, aliases, feedback) throws when a request
 * cannot be carried out. It says what went wrong in the payment domain's terms — never an HTTP
 * status: `server/http/on-error.ts` is the one place that maps a kind to an answer, so a route,
 * the reconciler and a CLI command can all call the same domain function.
 */
export type PaymentErrorKind =
  /** The payment, session, alias or event does not exist (or is not this caller's). */
  | 'not_found'
  /** The request is well-formed but contradicts the current state (capture of a declined payment…). */
  | 'conflict'
  /** The request itself is wrong: a field is missing, malformed or out of range. */
  | 'invalid'
  /** The checkout session's time is over: it can never be paid again (docs/ogone-protocol.md §6). */
  | 'expired'
  /** The shopper's card was declined: a normal outcome of a payment, not a fault of anyone. */
  | 'declined'
  /**
   * The platform processed the operation and refused it (a capture, refund or cancel answered
   * with NCERROR ≠ 0 or 93 / 83 / 63), or a recorded operation is asked for again differently.
   */
  | 'refused'
  /** This server is not set up for it at all: no DirectLink API user, saved-card payments off. */
  | 'not_offered'
  /** This server cannot serve it now (payments switched off); retrying later may succeed. */
  | 'unavailable'
  /**
   * The payment platform gave no usable answer (network, HTTP error, unreadable body) or answered
   * that the request itself was in error (STATUS 0, NCERROR ≠ 0): our state is unchanged or marked as
   * such, and nothing was declined.
   */
  | 'platform_failed'
  /** The platform was asked and its answer does not say whether money moved; the reconciler settles it. */
  | 'outcome_unknown';

export interface PaymentErrorOptions {
  /** The request field at fault, as the merchant wrote it (`amount`, `customer.id`). */
  field?: string | undefined;
  /** Extra machine-readable detail kept in the answer (never a secret). */
  details?: Record<string, unknown>;
  /**
   * The same request is under way elsewhere (another request with the key, a charge holding its
   * order's send lease): asked again after this many seconds it is answered with its outcome.
   * Sent as Retry-After, and an answer that says so is not kept as the Idempotency-Key's own.
   */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class PaymentError extends Error {
  readonly kind: PaymentErrorKind;
  /** Stable snake_case code for the merchant's code to branch on (`amount_too_large`). */
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: PaymentErrorKind, code: string, message: string, options: PaymentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaymentError';
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isPaymentError(error: unknown): error is PaymentError {
  return error instanceof PaymentError;
}

/**
 * The answer for a checkout session that does not exist, or that this caller may not see: one
 * text wherever a route or the domain looks one up, so a merchant's code and a shopper's page meet
 * the same error. `field` is the request's name for the session id (`id`, `sessionId`).
 */
export function sessionNotFound(field: 'id' | 'sessionId' = 'id'): PaymentError {
  return new PaymentError('not_found', 'not_found', 'no checkout session with this id', { field });
}
