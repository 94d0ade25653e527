/**
 * Per-address request limits: hono-rate-limiter's, minus its fixed per-request costs (issue 17).
 *
 * - The count is hono-rate-limiter's own MemoryStore, so the windows, the resets and the limit are
 *   the library's.
 * - An answer within the limit carries the draft-6 headers (`RateLimit-Policy`, `-Limit`,
 *   `-Remaining`, `-Reset`) with the library's values. On Node they go into the record of headers
 *   the answer's head is written from, not through Hono's prepared `Headers` (four `Headers.set`
 *   calls, each a validation, a lower-casing and a re-sort, then read back one by one): the same
 *   headers, values and precedence (a header the answer sets itself wins), in name case as the
 *   draft writes them. Off Node (`app.request()`), and on a limited answer, the library's way.
 * - Its context variables (`rateLimit`, `rateLimitStore`) are not set: nothing here reads them.
 *
 * Also: an address test (FEEDBACK_RATE_LIMIT_EXEMPT's) remembered per address string, so an
 * exempt peer's address is not parsed again on every request.
 */
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore } from 'hono-rate-limiter';
import { nodeOutgoing } from './node-response.ts';

export interface RateLimitOptions {
  windowMs: number;
  limit: number;
  keyGenerator: (c: Context) => string;
  skip: (c: Context) => boolean;
  /** Answers a request past the limit (the RateLimit and Retry-After headers already set on `c`). */
  handler: (c: Context) => Response | Promise<Response>;
}

type Head = OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
type WriteHead = (this: ServerResponse, statusCode: number, reason?: string | Head, headers?: Head) => ServerResponse;

/** Seconds until `resetTime`, rounded up, never negative (hono-rate-limiter's getResetSeconds). */
const resetSeconds = (resetTime: Date | undefined): number =>
  resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 0;

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { windowMs, limit, keyGenerator, skip, handler } = options;
  const store = new MemoryStore();
  store.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  const policy = `${limit};w=${Math.ceil(windowMs / 1000)}`;
  const limitText = String(limit);

  return async (c, next) => {
    if (skip(c)) return next();
    const key = keyGenerator(c);
    const { totalHits, resetTime } = store.increment(key);
    const remaining = String(Math.max(limit - totalHits, 0));
    const reset = resetSeconds(resetTime);
    const outgoing = totalHits > limit ? undefined : nodeOutgoing(c);
    if (outgoing) {
      addOnHead(outgoing, [
        ['RateLimit-Policy', policy],
        ['RateLimit-Limit', limitText],
        ['RateLimit-Remaining', remaining],
        ...(reset ? [['RateLimit-Reset', String(reset)] as const] : []),
      ]);
      return next();
    }
    if (!c.finalized) {
      c.header('RateLimit-Policy', policy);
      c.header('RateLimit-Limit', limitText);
      c.header('RateLimit-Remaining', remaining);
      if (reset) c.header('RateLimit-Reset', String(reset));
    }
    if (totalHits > limit) {
      // The library's Retry-After: the window's remaining seconds (the handler may set its own).
      if (!c.finalized) c.header('Retry-After', String(resetTime ? resetSeconds(resetTime) : Math.ceil(windowMs / 1000)));
      return handler(c);
    }
    return next();
  };
}

/**
 * Adds `ours` to the headers `outgoing`'s head is written with, each unless the answer sets that
 * header itself (compared without regard to case), as Hono's prepared headers yield to a
 * response's own. A record of headers is copied, never changed (a route may pass a shared one); an
 * array of them (rare) gets ours through setHeader, which Node's writeHead lets it override.
 */
function addOnHead(outgoing: ServerResponse, ours: ReadonlyArray<readonly [string, string]>): void {
  const inner = outgoing.writeHead as unknown as WriteHead;
  const writeHead: WriteHead = function (this: ServerResponse, statusCode, reason, headers) {
    const named = typeof reason === 'string';
    const own = named ? headers : ((reason as Head) ?? headers);
    let head: Head;
    if (Array.isArray(own)) {
      for (const [name, value] of ours) if (!this.hasHeader(name)) this.setHeader(name, value);
      head = own;
    } else {
      const record: OutgoingHttpHeaders = { ...own };
      let lowerNames: Set<string> | undefined;
      for (const [name, value] of ours) {
        if (own) {
          lowerNames ??= new Set(Object.keys(own).map((ownName) => ownName.toLowerCase()));
          if (lowerNames.has(name.toLowerCase())) continue;
        }
        record[name] = value;
      }
      head = record;
    }
    return named ? inner.call(this, statusCode, reason, head) : inner.call(this, statusCode, head);
  };
  outgoing.writeHead = writeHead as unknown as ServerResponse['writeHead'];
}

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
