/** An app over a test database with a fixed configuration, a clock tests move and readable logs. */
import { after, before } from 'node:test';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from '../../server/app.ts';
import type { AppContextDeps } from '../../server/app-context.ts';
import { createAppContext } from '../../server/create-app-context.ts';
import { manualClock } from '../../server/clock.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { isLivemode } from '../../server/payments/livemode.ts';
import { createLogger } from '../../server/logger.ts';
import type { Repository } from '../../server/repository/types.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import type { AliasRecord } from '../../server/repository/types.ts';
import { API_KEY, TEST_ENV } from './accounts.ts';
import { createTestDatabase, openTestRepository, type DatabaseKind, type TestDatabase } from './databases.ts';
import { feedbackFor } from './feedback.ts';
import { SERVER_HEADERS } from './headers.ts';
import { logCollector } from './logs.ts';

export interface TestApp {
  app: Hono;
  repository: Repository;
  clock: ReturnType<typeof manualClock>;
  logs: string[];
  nudges: number;
  close(): Promise<void>;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/** What a test may set: the context's dependencies and the app's own options, in one object. */
export type TestAppDeps = AppContextDeps & AppOptions;

/** An app built as start-server.ts builds it — a context first, then the app over it. */
export function createAppFromDeps(deps: TestAppDeps): Hono {
  const { widgetDistDir, rateLimit, feedbackRateLimit, bodyLimitBytes, merchantBodyLimitBytes, ...contextDeps } = deps;
  return createApp(createAppContext(contextDeps), {
    ...(widgetDistDir !== undefined ? { widgetDistDir } : {}),
    ...(rateLimit !== undefined ? { rateLimit } : {}),
    ...(feedbackRateLimit !== undefined ? { feedbackRateLimit } : {}),
    ...(bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}),
    ...(merchantBodyLimitBytes !== undefined ? { merchantBodyLimitBytes } : {}),
  });
}

export async function createTestApp(
  database: TestDatabase,
  options: { env?: Record<string, string>; deps?: Partial<TestAppDeps> } = {},
): Promise<TestApp> {
  const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
  const config = parseServerConfig({ ...TEST_ENV, ...options.env });
  const { repository } = await openTestRepository(database, clock, { livemode: isLivemode(config) });
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

/**
 * The set-up most server tests share: a fresh database of `kind` and an app over it (createTestApp
 * with `options`). Called inside a `describe` (or at a file's top level), it registers the `before`
 * that creates them and the `after` that closes the app, then drops the database. The object it
 * returns stands for that app: each member reads the app the hook made (`nudges` its live count),
 * so tests keep writing `t.api(…)`, `t.repository`, `t.clock`, `t.logs`; `database` is the test
 * database. Using it before the `before` hook ran throws. Options known only once a `before` ran
 * (a server's URL…) cannot be passed here: such files keep their own hooks.
 */
export function useTestApp(
  kind: DatabaseKind,
  options?: Parameters<typeof createTestApp>[1],
): TestApp & { readonly database: TestDatabase } {
  let database: TestDatabase | undefined;
  let made: TestApp | undefined;
  before(async () => {
    database = await createTestDatabase(kind);
    made = await createTestApp(database, options);
  });
  after(async () => {
    await made?.close();
    await database?.drop();
  });
  const current = (): TestApp => {
    if (!made) throw new Error('useTestApp: the app is made in its before hook; use it inside a test or a later hook');
    return made;
  };
  return {
    get app() {
      return current().app;
    },
    get repository() {
      return current().repository;
    },
    get clock() {
      return current().clock;
    },
    get logs() {
      return current().logs;
    },
    get nudges() {
      return current().nudges;
    },
    get database() {
      current();
      return database!;
    },
    close: () => current().close(),
    api: (path, init) => current().api(path, init),
  };
}

/**
 * A checkout session created through the merchant API, then one hosted-page attempt on it through
 * the public route: the payment reference a feedback will name.
 */
export async function newHostedAttempt(
  t: TestApp,
  session: Record<string, unknown>,
  attempt: Record<string, unknown> = {},
): Promise<string> {
  const created = (await (await t.api('/api/checkout-sessions', { method: 'POST', json: session })).json()) as { id: string };
  const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
    method: 'POST',
    body: JSON.stringify(attempt),
    headers: { 'content-type': 'application/json' },
  });
  return ((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>).reference;
}

/** `count` hosted-page attempts of one new session (two tabs of one checkout): their references. */
export async function attemptsOfOneSession(t: TestApp, session: Record<string, unknown>, count = 2): Promise<string[]> {
  const created = (await (await t.api('/api/checkout-sessions', { method: 'POST', json: session })).json()) as { id: string };
  const references: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveCard: false }),
    });
    if (response.status !== 201) throw new Error(`attempt ${i + 1}: ${response.status} ${await response.text()}`);
    references.push(((await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>).reference);
  }
  return references;
}

/** A signed feedback posted to `t` server to server, as the platform posts it: the answer. */
export function postServerFeedback(t: Pick<TestApp, 'app'>, params: Record<string, string>): Promise<Response> {
  return Promise.resolve(
    t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    }),
  );
}

/**
 * A hosted-page payment of 19.99 EUR whose shopper saved the card: its feedback (STATUS `status`,
 * 9 by default) names the alias the attempt asked for. The payment's reference, the alias's name
 * and the saved card as the repository lists it.
 */
export async function paidWithSavedCard(
  t: TestApp,
  customerId: string,
  status: 5 | 9 = 9,
): Promise<{ reference: string; alias: string; card: AliasRecord }> {
  const reference = await newHostedAttempt(
    t,
    { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
    { saveCard: true },
  );
  const alias = (await t.repository.getTransaction(reference))?.aliasRequest;
  if (!alias) throw new Error(`the attempt ${reference} asked for no alias`);
  const response = await postServerFeedback(t, feedbackFor(reference, status, { ALIAS: alias }));
  if (response.status !== 200) throw new Error(`the feedback of ${reference} was answered ${response.status}`);
  const card = (await t.repository.listAliases(customerId)).find((saved) => saved.alias === alias);
  if (!card) throw new Error(`no saved card ${alias} for ${customerId}`);
  return { reference, alias, card };
}
