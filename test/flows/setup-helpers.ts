/** Setup sessions driven over real HTTP through the sandbox's FlexCheckout, as a shopper's browser would. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { flexRequestSignature } from '../../server/ogone/flexcheckout.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { BROWSER_INFO, type FlowServer } from './helpers.ts';

export const SUCCESS = 'https://shop.example.com/account/cards?saved=1';
export const FAILURE = 'https://shop.example.com/account/cards?failed=1';

export async function setupSession(flow: FlowServer, customerId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await flow.api('/api/checkout-sessions', {
    mode: 'setup',
    customer: { id: customerId, name: 'Zoë Test', email: 'zoe@example.com' },
    successUrl: SUCCESS,
    failureUrl: FAILURE,
    ...extra,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id as string;
}

export async function navigate(flow: FlowServer, sessionId: string): Promise<Extract<AttemptResult, { kind: 'navigate' }>> {
  const response = await fetch(`${flow.url}/checkout/sessions/${sessionId}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'fr-BE', browser: BROWSER_INFO }),
  });
  const body = (await response.json()) as AttemptResult;
  assert.equal(response.status, 201, JSON.stringify(body));
  return body as Extract<AttemptResult, { kind: 'navigate' }>;
}

/**
 * Submits the FlexCheckout page at `url` as its form would, with `fields` beside the page's TOKEN:
 * the return's URL the platform redirects the browser to.
 */
async function submitFlexCheckout(url: string, fields: Record<string, string>): Promise<string> {
  const page = await fetch(url, { headers: BROWSER_HEADERS });
  const html = await page.text();
  const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
  const formAction = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  assert.ok(token && formAction, html);
  const submitted = await fetch(formAction, {
    method: 'POST',
    body: new URLSearchParams({ TOKEN: token, ...fields }),
    headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  assert.equal(submitted.status, 303);
  return submitted.headers.get('location')!;
}

export async function typeCard(url: string, card: string): Promise<string> {
  return submitFlexCheckout(url, { ACTION: 'save', CARDNO: card, ED: '12/39', CVC: '123', CN: 'Zoë Test' });
}

/** Cancel pressed on a FlexCheckout page (Alias.Status 3): the return's URL. */
export async function cancelOn(url: string): Promise<string> {
  return submitFlexCheckout(url, { ACTION: 'cancel' });
}

export async function land(returnUrl: string): Promise<{ status: number; location: string | null; text: string }> {
  const response = await fetch(returnUrl, { headers: BROWSER_HEADERS, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

export async function events(flow: FlowServer, type: string, reference?: string): Promise<Array<Record<string, any>>> {
  const q = reference ? `&reference=${encodeURIComponent(reference)}` : '';
  const list = await flow.api(`/api/events?type=${type}${q}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  return list.body.data as Array<Record<string, any>>;
}

/** Saves `card` for `customerId` through a setup session; returns the attempt's reference and the session id. */
export async function saveBySetup(flow: FlowServer, customerId: string, card = '4111111111111111') {
  const id = await setupSession(flow, customerId);
  const attempt = await navigate(flow, id);
  const back = await typeCard(attempt.url, card);
  const landing = await land(back);
  return { sessionId: id, reference: attempt.reference, landing, back };
}

/**
 * The platform's FlexCheckout return `back` with fields changed, signed again as the platform
 * signs it (the sandbox's own SHA-OUT passphrase): a return the shopper's choices on the page
 * would have produced, which the sandbox does not emulate (the opt-in box).
 */
export async function resigned(flow: FlowServer, back: string, change: Record<string, string>): Promise<string> {
  const credentials = JSON.parse(await readFile(path.join(flow.database.dataDir, 'sandbox-credentials.json'), 'utf8')) as Record<
    string,
    string
  >;
  const url = new URL(back);
  const pairs = [...url.searchParams.entries()]
    .filter(([name]) => name.toUpperCase() !== 'SHASIGN')
    .map(([name, value]): [string, string] => {
      const replaced = Object.entries(change).find(([key]) => key.toUpperCase() === name.toUpperCase());
      return [name, replaced ? replaced[1] : value];
    });
  // The return's SHA-OUT: the same rules as the request's (uppercased, sorted, non-empty, passphrase after each).
  const signature = flexRequestSignature(Object.fromEntries(pairs), { passphrase: credentials.shaOut!, algorithm: 'sha512' });
  return `${url.origin}${url.pathname}?${new URLSearchParams([...pairs, ['SHASign', signature]]).toString()}`;
}
