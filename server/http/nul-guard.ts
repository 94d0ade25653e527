/**
 * Refuses a NUL character (U+0000, `%00`) in a request's path or query parameters with a 400
 * naming where it is. No id, reference or search of ours holds one, and PostgreSQL's text refuses
 * it: the request failed with a 500 after validation passed — the CSV export after its 200 and
 * headers had gone, a file cut off. JSON bodies are checked where they are read
 * (problem.ts `readJson`); a cursor's decoded parts in repository/cursor.ts.
 *
 * Except the query of the platform's signed returns (`signedPaths`): there a value is the
 * platform's word, signed as the shopper typed it (docs/ogone-protocol.md §3, §5 "A NUL in a
 * value"; §15). Refused here, a card holder's name with a NUL decided whether a paid payment
 * was read (reviews r1635, r1636). Those routes check the signature first — an unsigned or badly
 * signed request is refused there and changes nothing — and read each NUL as U+FFFD after
 * (feedback/verify.ts `withoutNul`).
 */
import type { MiddlewareHandler } from 'hono';
import { Problem } from './problem.ts';

const ENCODED_NUL = /%00/i;

export function nulGuard(options: { signedPaths?: readonly string[] } = {}): MiddlewareHandler {
  const signed: ReadonlySet<string> = new Set(options.signedPaths ?? []);
  return async (c, next) => {
    const url = c.req.url;
    // The cheap test first: almost every request has no %00 anywhere.
    if (ENCODED_NUL.test(url)) {
      const parsed = new URL(url);
      if (ENCODED_NUL.test(parsed.pathname))
        throw new Problem(400, 'invalid_request', 'path: must not contain a NUL character (%00)', 'path');
      if (!signed.has(parsed.pathname)) {
        for (const [name, value] of parsed.searchParams) {
          if (name.includes('\u0000') || value.includes('\u0000')) {
            const field = name.replaceAll('\u0000', '%00');
            throw new Problem(400, 'invalid_request', `${field}: must not contain a NUL character (%00)`, field);
          }
        }
      }
    }
    await next();
  };
}
