/**
 * What every request goes through, in one middleware rather than five (issue 17: each Hono
 * middleware is a dispatch and an async frame more on the floor): before the route, its request
 * id (request-id.ts), its client address (client-address.ts) and, on Node, the security headers
 * and the id, written with the answer's head (security-headers.ts, node-response.ts); after it,
 * off Node, the id and the security headers the answer lacks, then the
 * metrics observation (metrics/http.ts) and the request log line (request-log.ts). The timing
 * starts first, so the latency covers all of it.
 *
 * Every answer reaches the "after" part: Hono hands an error thrown below to onError at the level
 * of the handler that threw, and the app's not-found answer is returned, not thrown (app.ts).
 */
import type { MiddlewareHandler } from 'hono';
import type { TrustProxy } from '../config/http-settings.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { observeHttp } from '../metrics/http.ts';
import { nodeIncoming } from './body-text.ts';
import { assignClientAddress } from './client-address.ts';
import { nodeOutgoing } from './node-response.ts';
import { assignRequestId } from './request-id.ts';
import { logRequest } from './request-log.ts';
import { addSecurityHeaders, ANSWER_HEADERS } from './security-headers.ts';

export interface RequestEnvelopeOptions {
  logger: Logger;
  /** Absent: no metrics (METRICS=off). */
  metrics?: Pick<Metrics, 'observeRequest'>;
  trustProxy?: TrustProxy;
}

export function requestEnvelope(options: RequestEnvelopeOptions): MiddlewareHandler {
  const { logger, metrics, trustProxy } = options;
  return async (c, next) => {
    const started = performance.now();
    const incoming = nodeIncoming(c);
    const outgoing = nodeOutgoing(c);
    const requestId = assignRequestId(c, incoming, outgoing);
    assignClientAddress(c, trustProxy, incoming);
    if (outgoing && incoming) ANSWER_HEADERS.attach(outgoing, requestId);
    await next();
    if (!outgoing || !incoming) {
      // A route that returns its own Response drops what c.header prepared: put the id back.
      if (!c.res.headers.has('X-Request-Id')) c.res.headers.set('X-Request-Id', requestId);
      addSecurityHeaders(c.res.headers);
    }
    const ms = performance.now() - started;
    if (metrics) observeHttp(metrics, c, ms / 1000);
    logRequest(logger, c, ms);
  };
}
