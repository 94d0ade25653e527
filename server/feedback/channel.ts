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

export function detectChannel(headers: Headers): FeedbackCaller {
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
