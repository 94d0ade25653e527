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
  /** Something we depend on (the platform, DirectLink credentials, the database) cannot serve it now. */
  | 'unavailable'
  /** The platform was asked and its answer does not say whether money moved; the reconciler settles it. */
  | 'outcome_unknown';

export interface PaymentErrorOptions {
  /** The request field at fault, as the merchant wrote it (`amount`, `customer.id`). */
  field?: string;
  /** Extra machine-readable detail kept in the answer (never a secret). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class PaymentError extends Error {
  readonly kind: PaymentErrorKind;
  /** Stable snake_case code for the merchant's code to branch on (`amount_too_large`). */
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: PaymentErrorKind, code: string, message: string, options: PaymentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PaymentError';
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

export function isPaymentError(error: unknown): error is PaymentError {
  return error instanceof PaymentError;
}
