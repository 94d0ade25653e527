/**
 * Who is calling `/payment/ogone/return`: the shopper's browser, redirected by Ogone, or Ogone's
 * server-to-server request. Both carry the same signed parameters; only the answer differs (a
 * 303 to the shop's page for a browser, `200 OK` for Ogone, which retries on anything else).
 *
 * Rule: it is a browser when it says it navigates (`Sec-Fetch-Mode: navigate` or
 * `Sec-Fetch-Dest: document`, sent by every current browser) or, for older browsers, when it
 * accepts `text/html` and sends a User-Agent containing "Mozilla". Ogone's feedback request
 * identifies itself as `Mozilla/3.0 (compatible; Indy Library)` (docs/ogone-protocol.md §5)
 * and Indy sends an Accept header with text/html by default, so that agent is always the
 * platform. A misjudged browser sees "OK" and our status page is one click away; a misjudged
 * server follows no redirect and logs a non-200 — so when in doubt we answer 200.
 */
import type { FeedbackChannel } from '../repository/types.ts';

/** The two callers of the return URL; the log's third channel, `query`, is a DirectLink answer (apply-answer.ts). */
export type FeedbackCaller = Exclude<FeedbackChannel, 'query'>;

/** HTTP whitespace: tab, LF, CR, space. */
const isHttpWhitespace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/**
 * The value without the HTTP whitespace at its ends, which Headers drops. A loop, not
 * `/[\t\n\r ]+$/`: that backtracks quadratically on a run of inner spaces, and 16,000 of them in
 * one header (Node's head limit allows it) held the event loop 0.1 s per feedback request.
 */
function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * `get` as a Headers object made from Node's `rawHeaders` answers it (every value of the name in
 * any case, trimmed, joined with ", "; null when absent), without making that object: on
 * @hono/node-server, `c.req.raw.headers` builds one from the request's headers, each validated,
 * which cost a feedback more than reading the four headers below (issue 17).
 */
export function rawHeaderReader(rawHeaders: readonly string[]): Pick<Headers, 'get'> {
  return {
    get(name: string): string | null {
      const wanted = name.toLowerCase();
      let value: string | null = null;
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const key = rawHeaders[i]!;
        if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
        const one = trimHttpWhitespace(rawHeaders[i + 1]!);
        value = value === null ? one : `${value}, ${one}`;
      }
      return value;
    },
  };
}

export function detectChannel(headers: Pick<Headers, 'get'>): FeedbackCaller {
  const mode = headers.get('sec-fetch-mode');
  const dest = headers.get('sec-fetch-dest');
  if (mode === 'navigate' || dest === 'document') return 'browser';
  if (mode || dest) return 'server'; // a fetch()/XHR from a page is not a navigation
  const accept = headers.get('accept') ?? '';
  const agent = headers.get('user-agent') ?? '';
  if (agent.includes('Indy Library')) return 'server';
  if (accept.includes('text/html') && agent.includes('Mozilla')) return 'browser';
  return 'server';
}
