/**
 * What can go wrong around a DirectLink call, said plainly, without ever carrying a secret.
 *
 * A `DirectLinkError` is thrown when no usable answer came back (timeout, network, HTTP status,
 * unreadable body) — or, on request, when the caller turns a platform rejection into one
 * (`kind: 'platform'`). Platform rejections themselves (NCERROR ≠ 0) are *results*, not errors:
 * see `client.ts`. In every case our own state is untouched: the client never writes anything.
 *
 * Secrets: the API password (PSWD), the SHA-IN passphrase, card numbers and CVCs must never
 * reach a message, a `cause`, a log line or `toString()`. Errors are built only from text we
 * write; the few pieces of foreign text (a network error's message, a snippet of an unreadable
 * body) go through `scrub` first, and the original error object is never kept.
 */
import type { FieldProblem } from '../../shared/schemas/errors.ts';

export type DirectLinkErrorKind = 'timeout' | 'network' | 'http' | 'malformed' | 'platform';

/** Which DirectLink page was called: `orderdirect`, `maintenancedirect` or `querydirect`. */
export type DirectLinkCall = 'new order' | 'maintenance' | 'query';

export interface DirectLinkErrorDetails {
  readonly kind: DirectLinkErrorKind;
  readonly call: DirectLinkCall;
  /** HTTP status of the answer, for `http`. */
  readonly httpStatus?: number;
  /** NCERROR of the answer, for `platform`. */
  readonly ncError?: string;
  /**
   * True when the platform may have processed the request although we got no usable answer
   * (timeout, connection lost after sending, 5xx, unreadable body): query before retrying.
   * False when the request certainly never reached it (connection refused, unknown host) or was
   * answered with a rejection.
   */
  readonly outcomeUnknown: boolean;
  /** A sanitized copy of the underlying error (name, code and scrubbed message only). */
  readonly cause?: Error;
}

export class DirectLinkError extends Error {
  override readonly name = 'DirectLinkError';
  readonly kind: DirectLinkErrorKind;
  readonly call: DirectLinkCall;
  readonly httpStatus: number | undefined;
  readonly ncError: string | undefined;
  readonly outcomeUnknown: boolean;

  constructor(message: string, details: DirectLinkErrorDetails) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.kind = details.kind;
    this.call = details.call;
    this.httpStatus = details.httpStatus;
    this.ncError = details.ncError;
    this.outcomeUnknown = details.outcomeUnknown;
  }
}

/** A request the client refused to send: nothing left this process. */
export class DirectLinkRequestError extends Error {
  override readonly name = 'DirectLinkRequestError';
  readonly call: DirectLinkCall;
  /** Every problem, each naming its field (`amount`, `card.expiry`, `threeDSecure.browser.language`). */
  readonly problems: readonly FieldProblem[];
  /** The first problem's field. */
  readonly field: string;

  constructor(call: DirectLinkCall, problems: readonly FieldProblem[]) {
    const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    super(`Invalid DirectLink ${call} request, nothing was sent: ${list}`);
    this.call = call;
    this.problems = problems;
    this.field = problems[0]?.field ?? '(input)';
  }
}

const REDACTED = '[redacted]';

/** Form fields whose values are secret, should a body ever be echoed back to us. */
const SECRET_FIELDS = /\b(PSWD|SHASIGN|CARDNO|CVC|ED|ECOM_PAYMENT_CARD_VERIFICATION)=[^&\s"'<>]*/gi;

/** 12 to 19 digits in a row, possibly grouped by spaces or dashes: anything that may be a card number. */
const PAN_LIKE = /\b\d(?:[ -]?\d){11,18}\b/g;

/**
 * Removes secrets from foreign text: each given secret verbatim and URL-encoded, secret form
 * fields, and anything shaped like a card number. Secrets shorter than 4 characters (a CVC)
 * are only removed as form fields: replacing three digits everywhere would garble the text.
 */
export function scrub(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    // As sent, URL-encoded both ways, and HTML-escaped: an error page echoing the form escapes
    // its `&`, and the `PSWD=` pattern below stops at the first one.
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      ...htmlEscaped(secret),
    ]);
    for (const form of forms) out = out.split(form).join(REDACTED);
  }
  return out.replace(SECRET_FIELDS, (_match, name: string) => `${name}=${REDACTED}`).replace(PAN_LIKE, REDACTED);
}

/** A secret as HTML escapes it: `&` `<` `>` `"` `'` as named or numeric character references. */
function htmlEscaped(secret: string): string[] {
  const escape = (quote: string) =>
    secret.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", quote);
  return [escape('&#39;'), escape('&#x27;'), escape('&apos;')];
}

/**
 * A copy of an error that is safe to keep: its name, its `code` (ECONNREFUSED, UND_ERR_SOCKET…)
 * and its scrubbed message, following `cause` one level (Node's fetch hides the socket error
 * there). The original objects are dropped: they may hold sockets, requests or bodies.
 */
export function sanitizeError(error: unknown, secrets: ReadonlyArray<string | undefined>): Error {
  const describe = (value: unknown): string => {
    if (value instanceof Error) {
      const code = errorCode(value);
      return `${value.name}${code ? ` ${code}` : ''}: ${value.message}`;
    }
    return String(value);
  };
  let text = describe(error);
  if (error instanceof Error && error.cause !== undefined) text += ` (caused by ${describe(error.cause)})`;
  const copy = new Error(scrub(text, secrets));
  const code = errorCode(error);
  if (code) Object.assign(copy, { code });
  return copy;
}

/** The system error code of an error or of its cause (Node's fetch wraps socket errors). */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 3; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}
