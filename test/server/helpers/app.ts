/** An app over a test database with a fixed configuration, a clock tests move and readable logs. */
import { Writable } from 'node:stream';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from '../../../server/app.ts';
import { createAppContext, type AppContextDeps } from '../../../server/app-context.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createLogger } from '../../../server/logger.ts';
import { shaSign } from '../../../server/ogone/sha.ts';
import type { Repository } from '../../../server/repository/types.ts';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { openTestRepository } from '../../support/databases.ts';

export const TEST_ENV = {
  OGONE_PSPID: 'TESTPSPID',
  OGONE_USER_ID: 'api-user',
  OGONE_PASSWORD: 'Api-Password-42!',
  OGONE_SHA_IN: 'Sha-In-Passphrase-2025!',
  OGONE_SHA_OUT: 'Sha-Out-Passphrase-2025?',
  OGONE_HASH_ALGORITHM: 'sha512',
  OGONE_ENVIRONMENT: 'test',
  PUBLIC_URL: 'https://pay.example.com',
  MERCHANT_API_KEYS: 'sk_test_aaaaaaaaaaaaaaaaaaaaaaaa,sk_test_bbbbbbbbbbbbbbbbbbbbbbbb',
  MERCHANT_NAME: 'Test Shop',
  ALLOWED_ORIGINS: 'https://shop.example.com',
  WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
} as const;

export const API_KEY = 'sk_test_aaaaaaaaaaaaaaaaaaaaaaaa';
export const SECRETS = [TEST_ENV.OGONE_PASSWORD, TEST_ENV.OGONE_SHA_IN, TEST_ENV.OGONE_SHA_OUT, API_KEY, 'sk_test_bbbbbbbbbbbbbbbbbbbbbbbb', TEST_ENV.WEBHOOK_SECRET];

export interface TestApp {
  app: Hono;
  repository: Repository;
  clock: ReturnType<typeof manualClock>;
  logs: string[];
  nudges: number;
  close(): Promise<void>;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/** A Writable collecting log lines (to check what reaches the logs). */
export function logCollector(lines: string[]) {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
}

/** What a test may set: the context's dependencies and the app's own options, in one object. */
export type TestAppDeps = AppContextDeps & AppOptions;

/** An app built as start-server.ts builds it — a context first, then the app over it. */
export function createAppFromDeps(deps: TestAppDeps): Hono {
  const { widgetDistDir, rateLimit, feedbackRateLimit, bodyLimitBytes, ...contextDeps } = deps;
  return createApp(createAppContext(contextDeps), {
    ...(widgetDistDir !== undefined ? { widgetDistDir } : {}),
    ...(rateLimit !== undefined ? { rateLimit } : {}),
    ...(feedbackRateLimit !== undefined ? { feedbackRateLimit } : {}),
    ...(bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}),
  });
}

export async function createTestApp(database: TestDatabase, options: { env?: Record<string, string>; deps?: Partial<TestAppDeps> } = {}): Promise<TestApp> {
  const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
  const { repository } = await openTestRepository(database, clock);
  const config = parseServerConfig({ ...TEST_ENV, ...options.env });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: logCollector(logs) });
  const state = { nudges: 0 };
  const app = createAppFromDeps({
    config: { ...config, publicUrl: config.publicUrl! },
    repository,
    logger,
    clock,
    webhooks: { nudge: () => void state.nudges++ },
    rateLimit: { windowMs: 60_000, limit: 1000 },
    // app.request() has no socket: every request shares one address; tests of the feedback limit set it.
    feedbackRateLimit: { windowMs: 60_000, limit: 1_000_000 },
    ...options.deps,
  });
  const testApp: TestApp = {
    app,
    repository,
    clock,
    logs,
    get nudges() {
      return state.nudges;
    },
    close: () => repository.close(),
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${API_KEY}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return app.request(path, { ...init, headers, body: body ?? null });
    },
  };
  return testApp;
}

/** Feedback as Ogone sends it: mixed-case names, AMOUNT in major units, SHA-OUT signed. */
/**
 * A checkout session created through the merchant API, then one hosted-page attempt on it through
 * the public route: the payment reference a feedback will name.
 */
export async function newHostedAttempt(t: TestApp, session: Record<string, unknown>, attempt: Record<string, unknown> = {}): Promise<string> {
  const created = (await (await t.api('/api/checkout-sessions', { method: 'POST', json: session })).json()) as { id: string };
  const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, { method: 'POST', body: JSON.stringify(attempt), headers: { 'content-type': 'application/json' } });
  return ((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>).reference;
}

export function signedFeedback(params: Record<string, string>, passphrase: string = TEST_ENV.OGONE_SHA_OUT): Record<string, string> {
  return { ...params, SHASIGN: shaSign(params, { passphrase, algorithm: 'sha512', direction: 'out' }) };
}

export function feedbackFor(reference: string, status: number, extra: Record<string, string> = {}): Record<string, string> {
  return signedFeedback({
    orderID: reference,
    amount: '19.99',
    currency: 'EUR',
    PM: 'CreditCard',
    ACCEPTANCE: 'test123',
    STATUS: String(status),
    CARDNO: 'XXXXXXXXXXXX1111',
    ED: '1230',
    CN: 'Bárbara Souza',
    TRXDATE: '06/01/25',
    PAYID: '3014726',
    NCERROR: status === 2 ? '30001001' : '0',
    BRAND: 'VISA',
    IP: '127.0.0.1',
    ...extra,
  });
}

export const SERVER_HEADERS = { accept: '*/*', 'user-agent': 'Ogone feedback' };
export const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
};
