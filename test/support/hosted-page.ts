/**
 * A shopper paying on the sandbox's hosted payment page, scripted with fetch (no browser): the
 * signed form of an attempt, the card page, and the 3-D Secure challenge page
 * (docs/ogone-protocol.md §4, §12, §13).
 */
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from './headers.ts';

const FORM_HEADERS = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };

export interface CardPayment {
  /** Ticks "save my card" (ALIAS_STORE=Y). */
  save?: boolean;
  /** The card holder's name typed on the page. */
  holder?: string;
}

/**
 * Posts the signed form to the hosted page, then pays with `card`. The sandbox sends the
 * server-to-server feedback first, then answers the browser with a 303 to the return URL (or to
 * its 3-D Secure page), returned, not followed.
 */
export async function payOnHostedPage(
  attempt: Extract<AttemptResult, { kind: 'redirect' }>,
  card: string,
  options: CardPayment = {},
): Promise<string> {
  const page = await fetch(attempt.action, { method: 'POST', body: new URLSearchParams(attempt.fields), headers: BROWSER_HEADERS });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the hosted page answered ${page.status}: ${html.slice(0, 300)}`);
  const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the card page carries no token');
  const form = new URLSearchParams({
    TOKEN: token,
    CARDNO: card,
    ED: '12/30',
    CN: options.holder ?? 'Shopper Test',
    CVC: '123',
    ACTION: 'pay',
    ...(options.save ? { ALIAS_STORE: 'Y' } : {}),
  });
  const done = await fetch(new URL('/ncol/test/sandbox_pay.asp', attempt.action), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: FORM_HEADERS,
  });
  await done.arrayBuffer();
  if (done.status !== 303) throw new Error(`paying answered ${done.status}`);
  return done.headers.get('location') ?? '';
}

/** Whether a location `payOnHostedPage` returned is the sandbox's 3-D Secure challenge page. */
export function isChallenge(location: string): boolean {
  return location.includes('sandbox_3ds.asp');
}

/**
 * The form of a 3-D Secure page reached through `pageUrl` (our challenge page, which holds the
 * sandbox's): where its buttons post and the TOKEN they carry, for answerChallenge.
 */
export async function challengeForm(pageUrl: string): Promise<{ action: string; token: string }> {
  const html = await (await fetch(pageUrl, { headers: BROWSER_HEADERS })).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(action && token, html);
  return { action, token };
}

/** Posts the approve / fail button of the sandbox's 3-D Secure page; returns the 303 target. */
export async function answerChallenge(challengeUrl: string, token: string, result: 'approve' | 'fail'): Promise<string> {
  const response = await fetch(challengeUrl, {
    method: 'POST',
    body: new URLSearchParams({ TOKEN: token, RESULT: result }),
    headers: FORM_HEADERS,
    redirect: 'manual',
  });
  assert.equal(response.status, 303, await response.clone().text());
  return response.headers.get('location')!;
}
