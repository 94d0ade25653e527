/**
 * The one place an error becomes an HTTP answer: `{ error: { code, message, field? } }`
 * (shared/schemas/api.ts ApiError). Domain code throws PaymentError (server/domain/payment-error.ts)
 * and knows nothing of HTTP; this maps its kind to a status. Transport matters (API key,
 * Idempotency-Key, body, rate limit) throw a Problem (./problem.ts), which carries its own status.
 */
import type { Context, ErrorHandler } from 'hono';
import type { Logger } from '../logger.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { HostedPageError } from '../payments/hosted-page.ts';
import { InvalidCursorError } from '../repository/cursor.ts';
import { clientAddress } from './client-address.ts';
import { clientClosedRequest } from './client-closed.ts';
import { nodeIncoming } from './body-text.ts';
import { Problem, problemBody } from './problem.ts';
import { PaymentError, type PaymentErrorKind } from '../domain/payment-error.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The status of each kind of domain error. Every status is the one the API answered before the
 * domain had kinds (tests and merchants' code branch on them): 402 for a declined card, 410 for
 * an expired session, 422 for a refused operation, 501 when the server does not offer it, 502 when
 * the platform failed, 504 when its answer did not come in time.
 */
export const STATUS_OF_KIND: Record<PaymentErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  expired: 410,
  declined: 402,
  refused: 422,
  not_offered: 501,
  unavailable: 503,
  platform_failed: 502,
  outcome_unknown: 504,
};

export function onError(logger: Logger): ErrorHandler {
  return (error: Error, c: Context) => {
    if (error instanceof PaymentError) {
      if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.json(problemBody(error), STATUS_OF_KIND[error.kind]);
    }
    if (error instanceof Problem) return c.json(problemBody(error), error.status);
    // A page cursor is the API's own token, not a payment fact: the request is wrong, 400.
    if (error instanceof InvalidCursorError)
      return c.json(problemBody({ code: 'invalid_request', message: `cursor: ${error.message}`, field: 'cursor' }), 400);
    // Not a domain refusal: our own request to Ogone would be refused (a stored amount or field out
    // of Ogone's limits), so it is a server fault worth a log line, answered 500 with its reason.
    if (error instanceof HostedPageError) {
      logger.error({ requestId: c.get('requestId'), err: { message: error.message } }, 'cannot build the hosted page request');
      return c.json(problemBody({ code: 'hosted_page_invalid', message: error.message }), 500);
    }
    if (clientClosedRequest(nodeIncoming(c), error)) {
      // Nobody reads this answer; the log says what happened, without raising a database alert.
      logger.warn(
        { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, client: clientAddress(c) },
        'client closed the request',
      );
      return c.json(problemBody({ code: 'client_closed_request', message: 'the request body was not received completely' }), 400);
    }
    if (isDatabaseUnavailable(error)) {
      // Retryable: Ogone re-sends its feedback later, the widget and the merchant may retry too.
      logger.error({ requestId: c.get('requestId'), err: { name: error.name, message: error.message } }, 'database unavailable');
      c.header('Retry-After', '5');
      return c.json(
        problemBody({ code: 'database_unavailable', message: 'the database is not available at the moment; try again shortly' }),
        503,
      );
    }
    logger.error(
      { requestId: c.get('requestId'), err: { name: error.name, message: error.message, stack: error.stack } },
      'unhandled error',
    );
    return c.json(
      problemBody({ code: 'internal_error', message: 'something went wrong; the request id is in the X-Request-Id header' }),
      500,
    );
  };
}
