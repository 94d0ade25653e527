/**
 * The merchant dashboard in a browser: paid payments to act on (made through the merchant API
 * and the sandbox's card page, no shop), signing in, moving focus with the keyboard only, and
 * the page's width against the viewport's.
 */
import type { Page } from 'playwright-core';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { payOnHostedPage } from '../../support/hosted-page.ts';
import { defined, eventually } from '../../support/waiting.ts';
import { DEMO_WAIT, type DemoProcess } from './demo-process.ts';
import { CARDS } from './shopper.ts';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** A payment paid with the VISA test card: authorised under OGONE_OPERATION=RES, captured under SAL. */
export async function paidPayment(
  demo: DemoProcess,
  session: { amount: number; currency?: string; customer?: { id: string; email?: string; name?: string }; description?: string },
): Promise<string> {
  const created = await demo.api<{ id: string }>('/api/checkout-sessions', {
    currency: 'EUR',
    successUrl: 'https://shop.example.com/thanks',
    failureUrl: 'https://shop.example.com/cart',
    ...session,
  });
  if (created.status !== 201) throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
  const response = await fetch(`${demo.url}/checkout/sessions/${created.body.id}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const attempt = (await response.json()) as AttemptResult;
  if (attempt.kind !== 'redirect') throw new Error(`attempt: ${JSON.stringify(attempt)}`);
  await payOnHostedPage(attempt, CARDS.visa);
  return attempt.reference;
}

/** An attempt the shopper never paid: a draft. */
export async function draftPayment(demo: DemoProcess, amount: number): Promise<string> {
  const created = await demo.api<{ id: string }>('/api/checkout-sessions', {
    amount,
    currency: 'EUR',
    successUrl: 'https://shop.example.com/thanks',
    failureUrl: 'https://shop.example.com/cart',
  });
  const response = await fetch(`${demo.url}/checkout/sessions/${created.body.id}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await response.json()) as { reference: string }).reference;
}

export async function signIn(page: Page, demo: DemoProcess, path = '/dashboard') {
  await page.goto(`${demo.url}${path}`);
  await page.locator('#api-key').fill(demo.apiKey);
  await page.locator('#api-key').press('Enter');
  await page.locator('#app:not([hidden])').waitFor();
  await page.waitForFunction(() => document.body.dataset.loaded !== undefined && !document.body.hasAttribute('aria-busy'));
}

/** Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, options: { max?: number; back?: boolean } = {}) {
  for (let i = 0; i < (options.max ?? 60); i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  throw new Error(`Tab never reached ${selector}; focus is on ${focused}`);
}

export function focusedWithin(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.closest(s) !== null && document.activeElement !== document.body, selector);
}

/** Whether the page scrolls sideways at this viewport. */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** The payment as the merchant API shows it, once `until` holds (within DEMO_WAIT). */
export function transactionWhen<T>(demo: DemoProcess, reference: string, until: (t: T) => boolean, what: string): Promise<T> {
  return eventually(
    async () => {
      const t = (await demo.api<T>(`/api/transactions/${reference}`)).body;
      return until(t) ? t : undefined;
    },
    defined,
    what,
    DEMO_WAIT,
  );
}

/** A payment of `amount` authorised (OGONE_OPERATION=RES) and captured in full through the merchant API. */
export async function capturedPayment(demo: DemoProcess, amount: number): Promise<string> {
  const reference = await paidPayment(demo, { amount });
  await transactionWhen<{ state: string }>(demo, reference, (t) => t.state === 'authorized', `${reference} authorised`);
  const capture = await demo.api(`/api/transactions/${reference}/capture`, {});
  if (capture.status !== 200 && capture.status !== 202) throw new Error(`capture: ${capture.status} ${JSON.stringify(capture.body)}`);
  await transactionWhen<{ state: string }>(demo, reference, (t) => t.state === 'captured', `${reference} captured`);
  return reference;
}

/**
 * Every POST to `url` (a glob) reaches the server and is carried out; the first one's answer never
 * reaches the page — a proxy's 502 instead. The Idempotency-Keys sent, in order.
 */
export async function loseFirstAnswer(page: Page, url: string): Promise<string[]> {
  const keys: string[] = [];
  await page.route(url, async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    const answer = await route.fetch();
    if (keys.length === 1)
      await route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: '{"error":{"code":"bad_gateway","message":"the proxy lost the answer"}}',
      });
    else await route.fulfill({ response: answer });
  });
  return keys;
}
