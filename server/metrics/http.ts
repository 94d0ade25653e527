/**
 * Counts every answer and its latency by route pattern (`/api/transactions/:reference`, never
 * the raw path) so the label values stay a short, fixed list whatever clients send: the raw
 * path, an odd method or a path no route matches must not grow the registry.
 */
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from './metrics.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records the answer `c` holds, `seconds` after it arrived. request-envelope.ts calls it. */
export function observeHttp(metrics: Pick<Metrics, 'observeRequest'>, c: Context, seconds: number): void {
  // After next() the current route is the last handler that ran: the route's own when one
  // matched, else a middleware's wildcard (a 404), which is reported as one "unmatched" route.
  const status = c.res.status;
  const pattern = routePath(c);
  const route = status === 404 && (pattern === '' || pattern.endsWith('*')) ? 'unmatched' : pattern;
  const method = METHODS.has(c.req.method) ? c.req.method : 'other';
  metrics.observeRequest(method, route, status, seconds);
}
