/**
 * The one error the merchant client throws: the API's `{ error: { code, message, field? } }`
 * (shared/schemas/resources.ts apiErrorSchema) with the HTTP status, or a transport failure
 * (`status` 0, code `network_error` or `timeout`) once the retries are spent.
 */
export class OgoneCheckoutError extends Error {
  /** The HTTP status; 0 when no answer came (network error, timeout). */
  readonly status: number;
  /** The API's error code (`invalid_request`, `not_found`, `card_declined`…), `network_error`, `timeout` or `invalid_response`. */
  readonly code: string;
  /** The request field at fault, as the server named it (`amount`, `customer.email`). */
  readonly field: string | undefined;
  /** The server's X-Request-Id, to find the request in its logs. */
  readonly requestId: string | undefined;
  /** The Idempotency-Key the request was sent with (reuse it to retry later without a second effect). */
  readonly idempotencyKey: string | undefined;
  /** How many requests were made, retries included. */
  readonly attempts: number;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    field?: string | undefined;
    requestId?: string | undefined;
    idempotencyKey?: string | undefined;
    attempts: number;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'OgoneCheckoutError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
    this.idempotencyKey = init.idempotencyKey;
    this.attempts = init.attempts;
  }
}
