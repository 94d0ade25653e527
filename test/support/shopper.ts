/** A shopper paying on the sandbox's hosted payment page (scripted with fetch, no browser). */
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from './feedback.ts';

/**
 * Posts the signed form to the hosted page, then pays with `card`. The sandbox sends the
 * server-to-server feedback first, then answers the browser with a 303 to the return URL
 * (returned, not followed).
 */
export async function payOnHostedPage(
  attempt: Extract<AttemptResult, { kind: 'redirect' }>,
  card: string,
  options: { save?: boolean } = {},
): Promise<string> {
  const page = await fetch(attempt.action, { method: 'POST', body: new URLSearchParams(attempt.fields), headers: BROWSER_HEADERS });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the hosted page answered ${page.status}: ${html.slice(0, 300)}`);
  const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the card page carries no token');
  const form = new URLSearchParams({ TOKEN: token, CARDNO: card, ED: '12/30', CN: 'Shopper Test', CVC: '123', ACTION: 'pay', ...(options.save ? { ALIAS_STORE: 'Y' } : {}) });
  const done = await fetch(new URL('/ncol/test/sandbox_pay.asp', attempt.action), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
  });
  await done.arrayBuffer();
  if (done.status !== 303) throw new Error(`paying answered ${done.status}`);
  return done.headers.get('location') ?? '';
}
