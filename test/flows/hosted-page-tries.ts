/**
 * A flow server whose reconciler runs every 150 ms on a clock the test moves forward, recording
 * every DirectLink query it sends, and the shopper's side of Ogone's card page: for the tests of
 * tries on the hosted page and what the reconciler learns of them (server/payments/hosted-page-tries.ts).
 */
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { hostedAttempt, startFlowServer, type FlowServer } from './helpers.ts';

export const FORM = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const REFUSED_CARD = '4000000000000200';
export const CHALLENGED_CARD = '4000000000000002';
export const VISA = '4111111111111111';

/** A querydirect request: by ORDERID or by PAYID. */
export interface Query {
  orderId: string | null;
  payId: string | null;
}

export interface ReconcilingFlow {
  flow: FlowServer;
  /** Every query sent so far, oldest first. */
  queries: Query[];
  /** How many queries asked about `reference` by ORDERID, as a hosted-page attempt is asked about. */
  askedByOrderId(reference: string): number;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startReconcilingFlow(env: Record<string, string> = {}): Promise<ReconcilingFlow> {
  let offset = 0;
  const queries: Query[] = [];
  const flow = await startFlowServer('sqlite', {
    clock: { now: () => new Date(Date.now() + offset) },
    env,
    reconciler: { intervalMs: 150, afterMs: 2500 },
    directLink: {
      timeoutMs: 5000,
      rtimeoutSeconds: false,
      fetch: async (input, init) => {
        if (String(input).includes('querydirect')) {
          const body = new URLSearchParams(String(init?.body ?? ''));
          queries.push({ orderId: body.get('ORDERID'), payId: body.get('PAYID') });
        }
        return fetch(input, init);
      },
    },
  });
  return {
    flow,
    queries,
    askedByOrderId: (reference) => queries.filter((q) => q.orderId === reference).length,
    advance: (ms) => void (offset += ms),
    close: () => flow.close(),
  };
}

/** The shopper's attempt, on Ogone's card page (the widget posted the form), not paid yet. */
export async function onTheCardPage(flow: FlowServer, amount: number, expiresIn: number): Promise<{ reference: string; token: string }> {
  const session = await flow.api('/api/checkout-sessions', { amount, currency: 'EUR', expiresIn });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const open = await hostedAttempt(flow, session.body.id as string);
  const page = await (await fetch(open.action, { method: 'POST', body: new URLSearchParams(open.fields), headers: FORM })).text();
  const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(token, 'the card page');
  return { reference: open.reference, token };
}

/** One try on the card page: the page again after a refusal (200), else a redirect (303). */
export async function tryCard(flow: FlowServer, token: string, card: string): Promise<Response> {
  const response = await fetch(`${flow.url}/ncol/test/sandbox_pay.asp`, {
    method: 'POST',
    headers: FORM,
    redirect: 'manual',
    body: new URLSearchParams({ TOKEN: token, CARDNO: card, ED: '12/30', CN: 'Zoë Test', CVC: '123', ACTION: 'pay' }),
  });
  await response.arrayBuffer();
  return response;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The payment as the merchant API shows it. */
export async function transaction(flow: FlowServer, reference: string): Promise<Record<string, any>> {
  return (await flow.api(`/api/transactions/${reference}`)).body;
}

/** Its events' types, sorted. */
export async function eventTypes(flow: FlowServer, reference: string): Promise<string[]> {
  return ((await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>).map((e) => e.type).sort();
}
