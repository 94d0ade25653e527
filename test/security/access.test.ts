/**
 * Who may call what: the merchant API needs a valid bearer key (401 otherwise, nothing changes,
 * the key is never echoed); the widget's endpoints answer CORS only to the allowed origins; the
 * public endpoints are rate-limited per client address (429), Ogone's feedback never is.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createAppFromDeps as createApp, createTestApp, type TestApp } from '../support/app.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { silentLogger } from '../../server/logger.ts';
import { API_KEY, TEST_ENV } from '../support/accounts.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../support/databases.ts';

const OTHER_KEY = 'sk_test_bbbbbbbbbbbbbbbbbbbbbbbb';

/** Every merchant route (and a few that do not exist: the key is checked first). */
const MERCHANT_ROUTES: Array<[string, string, unknown?]> = [
  ['POST', '/api/checkout-sessions', { amount: 1000, currency: 'EUR' }],
  ['GET', '/api/checkout-sessions/cs_x'],
  ['POST', '/api/buttons', { name: 'B', amount: 100, currency: 'EUR' }],
  ['GET', '/api/buttons'],
  ['GET', '/api/buttons/btn_x'],
  ['DELETE', '/api/buttons/btn_x'],
  ['GET', '/api/transactions'],
  ['GET', '/api/transactions/OC1'],
  ['POST', '/api/transactions/OC1/capture', {}],
  ['POST', '/api/transactions/OC1/refund', { amount: 1 }],
  ['POST', '/api/transactions/OC1/cancel', {}],
  ['POST', '/api/transactions/OC1/sync', {}],
  ['GET', '/api/events'],
  ['GET', '/api/events/evt_x'],
  ['GET', '/api/aliases/alias_x'],
  ['DELETE', '/api/aliases/alias_x'],
  ['POST', '/api/aliases/alias_x/charges', { amount: 100, currency: 'EUR' }],
  ['GET', '/api/customers/c1/aliases'],
  ['GET', '/api/does-not-exist'],
];

const BAD_CREDENTIALS: Array<[string, Record<string, string>]> = [
  ['no Authorization header', {}],
  ['an empty bearer', { authorization: 'Bearer ' }],
  ['the word Bearer alone', { authorization: 'Bearer' }],
  ['a wrong key', { authorization: 'Bearer sk_test_cccccccccccccccccccccccc' }],
  ['the key with one more character', { authorization: `Bearer ${API_KEY}x` }],
  ['the key minus its last character', { authorization: `Bearer ${API_KEY.slice(0, -1)}` }],
  ['the key in upper case', { authorization: `Bearer ${API_KEY.toUpperCase()}` }],
  ['two keys at once', { authorization: `Bearer ${API_KEY},${OTHER_KEY}` }],
  ['the key as Basic credentials', { authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}` }],
  ['the key in another header', { 'x-api-key': API_KEY }],
  ['the SHA-IN passphrase as a key', { authorization: `Bearer ${TEST_ENV.OGONE_SHA_IN}` }],
  ['the API password as a key', { authorization: `Bearer ${TEST_ENV.OGONE_PASSWORD}` }],
];

describe('merchant API keys', () => {
  let database: TestDatabase;
  let testApp: TestApp;

  before(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database);
  });
  after(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('answers 401 without a valid key on every route, changes nothing and echoes no key', async () => {
    const sessionsBefore = (await testApp.repository.listTransactions({ limit: 100 })).items.length;
    for (const [method, path, body] of MERCHANT_ROUTES) {
      for (const [label, headers] of BAD_CREDENTIALS) {
        const response = await testApp.app.request(`${path}${label === 'the key in another header' ? `?api_key=${API_KEY}` : ''}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        assert.equal(response.status, 401, `${method} ${path} with ${label}: ${text}`);
        assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'unauthorized');
        assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="ogone-checkout"/);
        assert.equal(text.includes(API_KEY) || text.includes(TEST_ENV.OGONE_SHA_IN) || text.includes(TEST_ENV.OGONE_PASSWORD), false);
      }
    }
    const buttons = await testApp.api('/api/buttons');
    assert.deepEqual(((await buttons.json()) as { data: unknown[] }).data, [], 'no button was created without a key');
    assert.equal((await testApp.repository.listTransactions({ limit: 100 })).items.length, sessionsBefore);
  });

  it('accepts each configured key, with any case of the scheme', async () => {
    for (const [key, scheme] of [
      [API_KEY, 'Bearer'],
      [OTHER_KEY, 'bearer'],
      [API_KEY, 'BEARER'],
    ] as const) {
      const response = await testApp.app.request('/api/checkout-sessions', {
        method: 'POST',
        headers: { authorization: `${scheme} ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1000, currency: 'EUR' }),
      });
      assert.equal(response.status, 201);
    }
  });
});

describe('CORS of the public endpoints', () => {
  let database: TestDatabase;
  let testApp: TestApp;
  let sessionId: string;

  before(async () => {
    database = await createTestDatabase('sqlite');
    testApp = await createTestApp(database);
    const created = await testApp.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1000, currency: 'EUR' } });
    sessionId = ((await created.json()) as { id: string }).id;
  });
  after(async () => {
    await testApp?.close();
    await database?.drop();
  });

  const ALLOWED = 'https://shop.example.com';
  const FOREIGN = [
    'https://evil.example',
    'http://shop.example.com',
    'https://shop.example.com:8443',
    'https://shop.example.com.evil.example',
    'https://sub.shop.example.com',
    'null',
    'https://pay.example.com.evil',
  ];

  it('gives no permission to an origin that is not allowed, on reads, attempts and preflights', async () => {
    for (const origin of FOREIGN) {
      const read = await testApp.app.request(`/checkout/sessions/${sessionId}`, { headers: { origin } });
      assert.equal(read.headers.get('access-control-allow-origin'), null, `GET from ${origin}`);
      const preflight = await testApp.app.request(`/checkout/sessions/${sessionId}/attempts`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null, `preflight from ${origin}`);
      const attempt = await testApp.app.request(`/checkout/sessions/${sessionId}/attempts`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(attempt.headers.get('access-control-allow-origin'), null, `POST from ${origin}`);
      assert.equal(attempt.headers.get('access-control-allow-credentials'), null);
    }
  });

  it('allows the configured origin on the widget endpoints only', async () => {
    const read = await testApp.app.request(`/checkout/sessions/${sessionId}`, { headers: { origin: ALLOWED } });
    assert.equal(read.headers.get('access-control-allow-origin'), ALLOWED);
    const preflight = await testApp.app.request(`/checkout/sessions/${sessionId}/attempts`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    // The merchant API and the feedback route are not for browsers of other origins at all.
    const api = await testApp.api('/api/transactions', { headers: { origin: ALLOWED, authorization: `Bearer ${API_KEY}` } });
    assert.equal(api.status, 200);
    assert.equal(api.headers.get('access-control-allow-origin'), null);
    const feedback = await testApp.app.request('/payment/ogone/return', {
      method: 'POST',
      headers: { origin: ALLOWED, ...SERVER_HEADERS },
      body: '',
    });
    assert.equal(feedback.headers.get('access-control-allow-origin'), null);
  });
});

/** A request from a chosen loopback address (127.0.0.x), so two clients can be told apart. */
function from(
  localAddress: string,
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', localAddress, headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('rate limit of the public endpoints (real listener, per client address)', () => {
  let database: TestDatabase;
  let server: ServerType;
  let base: string;
  let sessionId: string;
  let close: () => Promise<void>;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const { repository } = await openTestRepository(database);
    const config = parseServerConfig({ ...TEST_ENV });
    const app = createApp({
      config: { ...config, publicUrl: config.publicUrl! },
      repository,
      logger: silentLogger(),
      rateLimit: { windowMs: 60_000, limit: 5 },
    });
    server = serve({ fetch: app.fetch, port: 0, hostname: '0.0.0.0' });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const created = await from('127.0.0.1', `${base}/api/checkout-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1999, currency: 'EUR' }),
    });
    assert.equal(created.status, 201);
    sessionId = (JSON.parse(created.body) as { id: string }).id;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await repository.close();
    };
  });
  after(async () => {
    await close?.();
    await database?.drop();
  });

  it('answers 429 past the limit, per address, never to Ogone feedback or the merchant API', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await from('127.0.0.2', `${base}/checkout/sessions/${sessionId}`)).status);
    assert.deepEqual(answers, [200, 200, 200, 200, 200]);
    const limited = await from('127.0.0.2', `${base}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(limited.status, 429);
    assert.equal((JSON.parse(limited.body) as { error: { code: string } }).error.code, 'rate_limited');
    assert.ok(limited.headers['ratelimit-limit'] ?? limited.headers['ratelimit-policy'], 'standard RateLimit headers');
    const transactions = await from('127.0.0.1', `${base}/api/transactions`, { headers: { authorization: `Bearer ${API_KEY}` } });
    assert.equal((JSON.parse(transactions.body) as { data: unknown[] }).data.length, 0, 'the limited attempt created nothing');

    // Another client is not affected.
    assert.equal((await from('127.0.0.3', `${base}/checkout/sessions/${sessionId}`)).status, 200);
    // Ogone's feedback and the merchant API come from a limited address and still go through.
    for (let i = 0; i < 10; i++) {
      const feedback = await from('127.0.0.2', `${base}/payment/ogone/return`, {
        method: 'POST',
        headers: { ...SERVER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(feedbackFor('OC-UNKNOWN-ORDER', 9)).toString(),
      });
      assert.equal(feedback.status, 404, 'feedback is processed (unknown order), not rate-limited');
      const api = await from('127.0.0.2', `${base}/api/transactions`, { headers: { authorization: `Bearer ${API_KEY}` } });
      assert.equal(api.status, 200);
    }
    assert.equal((await from('127.0.0.2', `${base}/checkout/sessions/${sessionId}`)).status, 429, 'still limited within the window');
  });
});
