/**
 * One Idempotency-Key sent with two of the merchant's API keys at once (MERCHANT_API_KEYS during a
 * rotation). The ORDERID of a charge without a reference comes from the card and the key only
 * (orderIdForKey), but the key's reservation was scoped per API key (http/idempotency.ts): the
 * second request ran beside the first, found its draft while the order was on its way, and sent
 * the order again (a keyed retry re-sends a draft whose failure was known). The key is now the
 * merchant's, whichever key sends it: the second request waits its turn (409) and nothing more
 * is sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemoCredentials } from '../../server/config/demo-credentials.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { answerChallenge, isChallenge, payOnHostedPage } from '../support/hosted-page.ts';
import { hostedAttempt, type FlowServer } from './helpers.ts';

const SECOND_KEY = 'sk_rotation_' + 'b'.repeat(32);

/** Holds the first orderdirect call until released; counts orderdirect calls per ORDERID. */
const sent: string[] = [];
let hold: Promise<void> | undefined;
let release!: () => void;
const holding = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  if (new URL(String(input)).pathname.includes('orderdirect') && typeof init?.body === 'string') {
    const orderId = new URLSearchParams(init.body).get('ORDERID') ?? '';
    sent.push(orderId);
    if (hold) {
      const waiting = hold;
      hold = undefined;
      await waiting;
    }
  }
  return fetch(input, init);
}) as typeof fetch;

describe('one Idempotency-Key sent with two API keys at once', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let server: RunningServer;
  let demoKey: string;
  const api = async (key: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${pathname}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  before(async () => {
    database = await createTestDatabase('sqlite');
    demoKey = (await loadDemoCredentials(database.dataDir)).credentials.merchantApiKey;
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      sandbox: { maintenanceDelayMs: 100 },
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 10_000, rtimeoutSeconds: false, fetch: holding },
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env, MERCHANT_API_KEYS: `${demoKey},${SECOND_KEY}` },
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  it("sends the key's order once while its first request is under way", async () => {
    const flow = { url: server.url, api: (p: string, b?: unknown) => api(demoKey, p, b) } as unknown as FlowServer;
    const session = await api(demoKey, '/api/checkout-sessions', {
      amount: 100,
      currency: 'EUR',
      customer: { id: 'cust-two-keys', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const attempt = await hostedAttempt(flow, session.body.id, { saveCard: true });
    const location = await payOnHostedPage(attempt, '4111111111111111', { save: true, holder: 'Zoë Test' });
    if (isChallenge(location)) {
      const challenge = new URL(location);
      await answerChallenge(`${challenge.origin}${challenge.pathname}`, challenge.searchParams.get('TOKEN')!, 'approve');
    }
    const card = (await api(demoKey, '/api/customers/cust-two-keys/aliases')).body.data[0].id as string;

    sent.length = 0;
    hold = new Promise<void>((resolve) => (release = resolve));
    const body = { amount: 4321, currency: 'EUR' };
    const first = api(demoKey, `/api/aliases/${card}/charges`, body, { 'idempotency-key': 'invoice-77' });
    // The first request's draft is stored and its order is on its way (held here).
    while (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await api(SECOND_KEY, `/api/aliases/${card}/charges`, body, { 'idempotency-key': 'invoice-77' });
    release();
    const answered = await first;
    assert.equal(answered.status, 201, JSON.stringify(answered.body));
    assert.deepEqual(
      sent,
      [answered.body.reference],
      `orderdirect calls: ${JSON.stringify(sent)}; second answer ${second.status} ${JSON.stringify(second.body)}`,
    );
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.equal(second.body.error?.code, 'idempotency_in_progress');
    // Once the first answered, the other key's retry replays its answer: one charge.
    const replay = await api(SECOND_KEY, `/api/aliases/${card}/charges`, body, { 'idempotency-key': 'invoice-77' });
    assert.equal(replay.body.reference, answered.body.reference);
    assert.equal(sent.length, 1);
  });
});
