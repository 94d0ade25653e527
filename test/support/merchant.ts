/** The merchant's and the widget's side over real HTTP: a checkout session, then an attempt. */
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { MERCHANT_API_KEY } from './accounts.ts';

export interface CreatedPayment {
  sessionId: string;
  reference: string;
  amount: number;
  currency: string;
  attempt: Extract<AttemptResult, { kind: 'redirect' }>;
}

export async function api(
  base: string,
  path: string,
  init: { method?: string; json?: unknown; key?: string } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${init.key ?? MERCHANT_API_KEY}`, 'content-type': 'application/json' },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, body };
}

/** Creates a session through the merchant API and an attempt through the public endpoint. */
export async function createPayment(
  base: string,
  session: { amount: number; currency: string; customer?: { id: string }; saveCard?: 'never' | 'optional' | 'always' },
  attemptBase: string = base,
): Promise<CreatedPayment> {
  const created = await api(base, '/api/checkout-sessions', {
    json: { successUrl: 'https://shop.example.com/thanks', failureUrl: 'https://shop.example.com/cart', ...session },
  });
  if (created.status !== 201) throw new Error(`creating a session answered ${created.status}: ${JSON.stringify(created.body)}`);
  const response = await fetch(`${attemptBase}/checkout/sessions/${created.body.id}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(session.saveCard && session.saveCard !== 'never' ? { saveCard: true } : {}),
  });
  const attempt = (await response.json()) as AttemptResult;
  if (response.status !== 201 || attempt.kind !== 'redirect')
    throw new Error(`creating an attempt answered ${response.status}: ${JSON.stringify(attempt)}`);
  return {
    sessionId: created.body.id as string,
    reference: attempt.reference,
    amount: session.amount,
    currency: session.currency,
    attempt,
  };
}
