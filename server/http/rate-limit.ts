/**
 * The feedback limit's exemption (FEEDBACK_RATE_LIMIT_EXEMPT) answered once per address string
 * (issue 17): proxy-addr's compiled test parses the peer's address (ipaddr.js) on every call, and
 * on the feedback route that ran on every request.
 *
 * hono-rate-limiter's draft-6 headers were also tried here written straight into the Node head
 * instead of through Hono's prepared Headers: the public routes' CPU per request went up, not
 * down (A/B of the server bundle), so the library sets them as before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { clientAddress, rateLimitKey } from './client-address.ts';

/**
 * `test` remembered per address string: an address's answer never changes (a fixed list), and at
 * most `capacity` are kept — the map starts over when full, so addresses a client picks cannot
 * grow it.
 */
export function rememberedAddressTest(test: (address: string) => boolean, capacity = 1024): (address: string) => boolean {
  let answers = new Map<string, boolean>();
  return (address) => {
    const known = answers.get(address);
    if (known !== undefined) return known;
    const answer = test(address);
    if (answers.size >= capacity) answers = new Map();
    answers.set(address, answer);
    return answer;
  };
}

/**
 * A per-address limit for what browsers and the platform reach — the feedback, the FlexCheckout
 * return, the status page: past `limit` requests in the window, a plain-text 429 saying when to
 * try again (a person or the platform reads it, not a client of the JSON API).
 */
export function perAddressLimit(options: {
  limit: number;
  windowMs?: number | undefined;
  skip?: (c: Context) => boolean;
  /** Count only the requests answered 400 and above (misses). */
  skipSuccessfulRequests?: boolean;
}): MiddlewareHandler {
  return rateLimiter({
    windowMs: options.windowMs ?? 60_000,
    limit: options.limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => rateLimitKey(clientAddress(c)),
    ...(options.skip ? { skip: options.skip } : {}),
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    handler: (c) => c.text('Too many requests; try again in a minute.', 429, { 'Retry-After': '60' }),
  });
}
