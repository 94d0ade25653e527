/**
 * The Node response behind `c`, when @hono/node-server passed it (its `env.outgoing`).
 *
 * A header every answer carries (security headers, the request id) is cheapest set here, before
 * the answer exists: @hono/node-server writes the route's own headers with `writeHead`, which
 * merges them over those already set — the route's value wins, as Hono's `secureHeaders` with
 * `overwrite: false` — and the route's lightweight Response is never turned into a WHATWG one
 * nor given an undici `Headers` (issue 17: the floor's profile).
 */
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';

export function nodeOutgoing(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}
