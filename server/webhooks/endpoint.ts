/** Where a webhook goes: the merchant's WEBHOOK_URL, as fetch can be given it. */

/**
 * The endpoint without the credentials a URL may carry (`https://user:pass@host/…`, an endpoint
 * behind HTTP Basic authentication): fetch refuses such a URL — every delivery failed before a
 * request left — so they go as an `Authorization: Basic` header instead.
 */
export function webhookEndpoint(url: string): { url: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

/**
 * The endpoint as `doctor`, the demo banner and the logs may print it: scheme, host and port, with
 * the path and the query masked (`https://shop.example/…?…`), never the credentials. Each of them
 * may be what authenticates the endpoint — `user:pass@`, `?token=…`, or a token as a path segment
 * (`/hooks/3f9a…`, as many hosted receivers issue them) — and which segment of a path is a secret
 * cannot be told from the URL, so none is shown. The masks still say a path or query is there.
 */
export function printableEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}/${parsed.pathname === '/' ? '' : '…'}${parsed.search ? '?…' : ''}`;
}
