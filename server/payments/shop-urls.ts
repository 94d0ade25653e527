/**
 * The shop's success and failure URLs get our reference appended, so the shop's page can look the
 * payment up (`GET /api/transactions/:reference`) whichever way the shopper came back.
 */
export function withReference(url: string, reference: string): string {
  const target = new URL(url);
  target.searchParams.set('reference', reference);
  return target.toString();
}
