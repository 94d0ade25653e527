/** Where the hosted-page flow lives under `/ncol/test/`, next to the platform's own pages. */
export const HOSTED_PAGES = ['orderstandard_utf8.asp', 'orderstandard.asp'] as const;
/** The card form posts here (the sandbox's own page, not one of the platform's documented ones). */
export const PAY_PAGE = 'sandbox_pay.asp';
/** The simulated 3-D Secure access control server. */
export const CHALLENGE_PAGE = 'sandbox_3ds.asp';

export function pageUrl(origin: string, page: string): string {
  return `${origin}/ncol/test/${page}`;
}
