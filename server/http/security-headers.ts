/**
 * The security headers of every answer — the set Hono's `secureHeaders` sends with its defaults
 * and our Content-Security-Policy (nothing may be framed, loaded or posted elsewhere) — computed
 * once. On Node they are written with the answer's head (ANSWER_HEADERS, node-response.ts), so a
 * route that sets one itself (the widget bundle's CORP) keeps its own; elsewhere (`app.request()`)
 * they are added to the answer afterwards, again only where the route set none.
 * test/server/http/security-headers.test.ts checks the set equals Hono's own.
 */
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { AnswerHeaders, nodeOutgoing } from './node-response.ts';

export const CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** [name, value] pairs, in Hono's order. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = Object.freeze([
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
] as const);

/**
 * On Node: the security headers, then the request id (its value given per answer), added as the
 * answer's head is written, each unless the route set its own (node-response.ts).
 */
export const ANSWER_HEADERS = new AnswerHeaders(SECURITY_HEADERS, 'X-Request-Id');

/** On Node, before the route, one setHeader each: the route's own headers, written later, win. */
export function setSecurityHeaders(outgoing: ServerResponse): void {
  for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
}

/** Off Node, after the route: each one the answer does not carry yet. */
export function addSecurityHeaders(headers: Headers): void {
  for (const [name, value] of SECURITY_HEADERS) if (!headers.has(name)) headers.set(name, value);
  headers.delete('X-Powered-By');
}

/** The security headers alone, as a middleware (the app runs them inside request-envelope.ts). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const outgoing = nodeOutgoing(c);
    if (outgoing) {
      setSecurityHeaders(outgoing);
      return next();
    }
    await next();
    addSecurityHeaders(c.res.headers);
  };
}
