/**
 * The request headers of the two callers of the feedback route (docs/ogone-protocol.md §5): the
 * shopper's browser, redirected back from the hosted page, and the platform's server-to-server
 * request. The route tells them apart by these headers, so tests send them exactly.
 */

/** A top-level navigation of a browser (what a redirect back from the hosted page looks like). */
export const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
} as const;

/** The platform's server-to-server request as Ogone's servers send it (an Indy client). */
export const PLATFORM_HEADERS = { 'user-agent': 'Mozilla/3.0 (compatible; Indy Library)', accept: 'text/html, */*' } as const;

/** A server-to-server request with no browser headers at all (the in-process app's tests). */
export const SERVER_HEADERS = { accept: '*/*', 'user-agent': 'Ogone feedback' } as const;
