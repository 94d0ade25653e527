/**
 * A signer server in sandbox mode (the sandbox mounted as Ogone) over real HTTP, with the helpers
 * a shopper and a merchant need: save a card through the hosted page (3-D Secure included), call
 * the merchant API, drive a 3-D Secure challenge like a browser.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/start-server.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge, isChallenge, payOnHostedPage } from '../support/hosted-page.ts';

export interface FlowServer {
  server: RunningServer;
  database: TestDatabase;
  url: string;
  apiKey: string;
  password: string;
  api(pathname: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

export async function startFlowServer(
  kind: DatabaseKind,
  options: Partial<StartServerOptions> & { env?: Record<string, string> } = {},
): Promise<FlowServer> {
  const database = await createTestDatabase(kind);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    quiet: true,
    sandbox: { maintenanceDelayMs: 100 },
    reconciler: { intervalMs: 0 },
    ...options,
    env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env, ...options.env },
  });
  const credentials = JSON.parse(await readFile(path.join(database.dataDir, 'sandbox-credentials.json'), 'utf8')) as {
    merchantApiKey: string;
    ogone: { password: string };
  } & Record<string, any>;
  const apiKey = credentials.merchantApiKey;
  return {
    server,
    database,
    url: server.url,
    apiKey,
    password: String(credentials.password),
    async api(pathname, body, headers = {}) {
      const response = await fetch(`${server.url}${pathname}`, {
        method: body === undefined ? 'GET' : body === 'DELETE' ? 'DELETE' : 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined || body === 'DELETE' ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/**
 * A DirectLink fetch that sends a wrong API password while `broken()` says so: the platform must
 * refuse the order (NCERROR), which is how flow tests make an attempt fail at Ogone.
 */
export function wrongPasswordFetch(broken: () => boolean): typeof fetch {
  return (input, init) => {
    if (broken() && typeof init?.body === 'string') {
      return fetch(input, { ...init, body: init.body.replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') });
    }
    return fetch(input, init);
  };
}

/**
 * A DirectLink fetch (through `inner`) that, once `loseNextAnswer(endpoint)` armed it, lets the
 * platform carry out the next call to that endpoint and loses its answer on the way back: a
 * timeout, as the server sees it, for work that was done.
 */
export function answerLosingFetch(inner: typeof fetch = fetch): {
  fetch: typeof fetch;
  loseNextAnswer(endpoint: 'orderdirect' | 'maintenancedirect'): void;
} {
  let armed: string | undefined;
  return {
    loseNextAnswer(endpoint) {
      armed = endpoint;
    },
    async fetch(input, init) {
      const response = await inner(input, init);
      if (armed !== undefined && new URL(String(input)).pathname.includes(armed)) {
        armed = undefined;
        await response.arrayBuffer();
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      }
      return response;
    },
  };
}

/** A fetch that refuses the connection of the next orderdirect call once armed, as an unreachable platform does: the order never left. */
export function connectionRefusingFetch(inner: typeof fetch = fetch): { fetch: typeof fetch; refuseNextOrder(): void } {
  let armed = false;
  return {
    refuseNextOrder() {
      armed = true;
    },
    async fetch(input, init) {
      if (armed && new URL(String(input)).pathname.includes('orderdirect')) {
        armed = false;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
        });
      }
      return inner(input, init);
    },
  };
}

/** `POST /checkout/sessions/:id/attempts` as the widget sends it, with a browser's user agent (3-D Secure reads it). */
export function postAttempt(flow: FlowServer, sessionId: string, body: object): Promise<Response> {
  return fetch(`${flow.url}/checkout/sessions/${sessionId}/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'Mozilla/5.0 Flow' },
    body: JSON.stringify(body),
  });
}

/** The hosted-page attempt of a session, as the widget asks for it: the shopper is sent to the payment page. */
export async function hostedAttempt(
  flow: FlowServer,
  sessionId: string,
  body: object = {},
): Promise<Extract<AttemptResult, { kind: 'redirect' }>> {
  const created = (await (
    await fetch(`${flow.url}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Extract<AttemptResult, { kind: 'redirect' }>;
  assert.ok(created.reference, JSON.stringify(created));
  return created;
}

/**
 * Creates a session of 1.00 EUR for `customerId`, pays it on the hosted page with `card` (saving
 * it unless `save` is false, approving 3-D Secure when asked); returns the transaction's reference.
 */
export async function paySession(flow: FlowServer, customerId: string, card: string, save = true): Promise<string> {
  const session = await flow.api('/api/checkout-sessions', {
    amount: 100,
    currency: 'EUR',
    customer: { id: customerId, name: 'Zoë Test' },
    saveCard: 'optional',
  });
  assert.equal(session.status, 201);
  const attempt = await hostedAttempt(flow, session.body.id, { saveCard: save });
  const location = await payOnHostedPage(attempt, card, { save, holder: 'Zoë Test' });
  if (isChallenge(location)) {
    const challenge = new URL(location);
    await answerChallenge(`${challenge.origin}${challenge.pathname}`, challenge.searchParams.get('TOKEN')!, 'approve');
  }
  return attempt.reference;
}

/** Pays a session on the hosted page saving the card; returns the saved card's id. */
export async function saveCard(flow: FlowServer, customerId: string, card: string): Promise<string> {
  await paySession(flow, customerId, card);
  const aliases = await flow.api(`/api/customers/${customerId}/aliases`);
  const id = aliases.body.data[0]?.id as string | undefined;
  assert.ok(id, `a saved card for ${customerId}: ${JSON.stringify(aliases.body)}`);
  return id;
}

export async function sandboxPayments(flow: FlowServer, orderId: string): Promise<Array<Record<string, any>>> {
  const response = await fetch(`${flow.url}/sandbox/payments?orderId=${encodeURIComponent(orderId)}`);
  return ((await response.json()) as { payments: Array<Record<string, any>> }).payments;
}

export const BROWSER_INFO = {
  acceptHeader: 'text/html,application/xhtml+xml',
  colorDepth: 24,
  javaEnabled: false,
  language: 'fr-BE',
  screenHeight: 1080,
  screenWidth: 1920,
  timezoneOffset: -120,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Flow',
};

/** `count` hosted-page attempts of one session, as that many browser tabs open them. */
export async function openTabs(
  baseUrl: string,
  sessionId: string,
  count: number,
): Promise<Array<Extract<AttemptResult, { kind: 'redirect' }>>> {
  const tabs: Array<Extract<AttemptResult, { kind: 'redirect' }>> = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${baseUrl}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 201);
    tabs.push((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>);
  }
  return tabs;
}

/**
 * A saved-card attempt's 3-D Secure approved by the shopper while the platform's server-to-server
 * feedback fails (it retries later, §5) and the tab is closed: the platform charged the card, and
 * we have not heard of it. Leaves the sandbox's feedback failing.
 */
export async function approveWithFeedbackLate(flow: FlowServer, challengeUrl: string): Promise<void> {
  const faults = await fetch(`${flow.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fail: 50 }),
  });
  assert.equal(faults.status, 200);
  const page = await (await fetch(challengeUrl, { headers: BROWSER_HEADERS })).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(action && token, page);
  await answerChallenge(action, token, 'approve');
}
