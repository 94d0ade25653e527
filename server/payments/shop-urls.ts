/**
 * The shop's success and failure URLs get our reference appended, so the shop's page can look the
 * payment up (`GET /api/transactions/:reference`) whichever way the shopper came back. The shop's
 * own query is kept as written — `URL.searchParams` would re-serialise it all (`%20` → `+`, `/` →
 * `%2F`, a bare `flag` → `flag=`, an ISO-8859-1 `%E9` → U+FFFD), breaking a shop that signs its
 * return URL. Only a `reference` of its own gives way to ours. Ogone too only appends its
 * parameters to the merchant's URL ([ADV] §9.2.3.1).
 */
export function withReference(url: string, reference: string): string {
  const target = new URL(url);
  const kept = target.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0]!.toLowerCase() !== 'reference');
  target.search = [...kept, `reference=${encodeURIComponent(reference)}`].join('&');
  return target.toString();
}

/** Our status page of a payment (routes/status-page.ts): where a shopper reads what became of it. */
export const STATUS_PAGE_PATH = '/payment/status';
