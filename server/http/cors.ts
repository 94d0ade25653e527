/**
 * Hono's cors for the widget's endpoints, minus a per-request cost: on an actual (non-preflight)
 * request it sets Access-Control-Allow-Origin on `c.res` before the handler and appends
 * `Vary: Origin` with `c.header` after it, and on @hono/node-server each of those turns the
 * lightweight Response into a full WHATWG Response (body stream included). Here the same two
 * headers go through the prepared headers (before) and the response's own header list (after):
 * the response a client gets is the same. Preflights (OPTIONS) are Hono's cors unchanged.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';

export interface CorsOptions {
  /** The allowed origin for a request's Origin header, or null. */
  origin: (origin: string, c: Context) => string | null | undefined;
  allowMethods: string[];
  allowHeaders: string[];
  maxAge: number;
}

export function cors(options: CorsOptions): MiddlewareHandler {
  const preflight = honoCors(options);
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const allowOrigin = options.origin(c.req.header('origin') || '', c);
    if (allowOrigin) c.header('Access-Control-Allow-Origin', allowOrigin);
    await next();
    // As Hono's cors: its value wins over one a handler set, whatever made the response.
    if (allowOrigin) c.res.headers.set('Access-Control-Allow-Origin', allowOrigin);
    c.res.headers.append('Vary', 'Origin');
  };
}
