/**
 * Counts every answer and its latency by route pattern (`/api/transactions/:reference`, never
 * the raw path) so the label values stay a short, fixed list whatever clients send: the raw
 * path, an odd method or a path no route matches must not grow the registry.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from './metrics.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function httpMetrics(metrics: Pick<Metrics, 'observeRequest'>): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // After next() the current route is the last handler that ran: the route's own when one
    // matched, else a middleware's wildcard (a 404), which is reported as one "unmatched" route.
    const pattern = routePath(c);
    const route = c.res.status === 404 && (pattern === '' || pattern.endsWith('*')) ? 'unmatched' : pattern;
    const method = METHODS.has(c.req.method) ? c.req.method : 'other';
    metrics.observeRequest(method, route, c.res.status, (performance.now() - started) / 1000);
  };
}
