/**
 * The OpenAPI document (issue 14): valid OpenAPI 3.1 for a maintained validator, naming every
 * route the app serves under /api, and true to the API — the real answers of a server in sandbox
 * mode, driven over HTTP through the typed client and by hand for the errors, each checked with
 * ajv (draft 2020-12) against the document's schema for its path, method and status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MERCHANT_API_BODY_BYTES } from '../../../server/app.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createClient } from '../../../shared/client/index.ts';
import { openApiDocument, type OpenApiDocument } from '../../../server/api-docs/openapi.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createTestApp } from '../../support/app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { eventually } from '../../support/waiting.ts';
import { saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';

const document: OpenApiDocument = openApiDocument('0.0.0-test');
const DOCUMENT_ID = 'https://ogone-checkout.invalid/openapi.json';
const ROOT = path.resolve(import.meta.dirname, '../../..');
const METHODS = ['get', 'post', 'delete'] as const;

/** The document's path for a concrete one; a literal segment wins over a parameter (`/events/ping` over `/events/{id}`). */
function templateOf(method: string, pathname: string): string | undefined {
  const candidates = Object.keys(document.paths).filter(
    (template) =>
      document.paths[template]![method] !== undefined &&
      new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`).test(pathname),
  );
  return candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  it('scripts/write-openapi.ts writes the same document into the build', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    try {
      const out = path.join(dir, 'openapi.json');
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/write-openapi.ts', out], { cwd: ROOT, stdio: 'pipe' });
      const written = JSON.parse(readFileSync(out, 'utf8')) as OpenApiDocument;
      assert.deepEqual(written.paths, JSON.parse(JSON.stringify(document.paths)));
      assert.equal(written.openapi, '3.1.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the bearer key, and the Idempotency-Key header on every POST and DELETE it is honoured on', () => {
    assert.deepEqual(document.security, [{ apiKey: [] }]);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })),
    );
    const withKey = operations
      .filter(({ op }) => ((op.parameters as Array<{ name: string }> | undefined) ?? []).some((p) => p.name === 'Idempotency-Key'))
      .map(({ name }) => name);
    // The server's middleware (server/http/idempotency.ts) takes the key on every authenticated
    // POST and DELETE; a generated client sends it only where the document says so.
    const honoured = operations
      .filter(({ method, op }) => (method === 'post' || method === 'delete') && !(Array.isArray(op.security) && op.security.length === 0))
      .map(({ name }) => name);
    assert.deepEqual(withKey.sort(), honoured.sort());
    for (const name of [
      'POST /api/aliases/{id}/charges',
      'POST /api/checkout-sessions',
      'POST /api/transactions/{reference}/cancel',
      'POST /api/transactions/{reference}/capture',
      'POST /api/transactions/{reference}/refund',
      'DELETE /api/aliases/{id}',
    ])
      assert.ok(withKey.includes(name), name);
  });

  it('names every route the app serves under /api, and nothing it does not serve', async () => {
    const database: TestDatabase = await createTestDatabase('sqlite');
    const t = await createTestApp(database);
    try {
      const served = new Set(
        t.app.routes
          .filter((route) => route.path.startsWith('/api/') && !route.path.includes('*') && route.method !== 'ALL')
          .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      const documented = new Set(
        Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
      );
      assert.deepEqual([...served].filter((route) => !documented.has(route)).sort(), [], 'served under /api but not in the document');
      assert.deepEqual([...documented].filter((route) => !served.has(route)).sort(), [], 'in the document but not served');
      const open = await t.app.request('/api/openapi.json');
      assert.equal(open.status, 200, 'served without an API key');
      const body = (await open.json()) as OpenApiDocument;
      assert.equal(body.openapi, '3.1.0');
      assert.deepEqual(Object.keys(body.paths), Object.keys(document.paths));
    } finally {
      await t.close();
      await database.drop();
    }
  });
});

interface Seen {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/**
 * Statuses the document names that this test does not produce, each with why. Every other
 * success status of every path must come back at least once.
 */
const NOT_PRODUCED = new Set([
  // 200 only once the platform confirmed: replaying a key of another API key after the 9 came.
  'post /api/transactions/{reference}/capture 200',
  'post /api/transactions/{reference}/refund 200',
  // The sandbox answers a saved-card charge at once (9 or 5), never 51/91.
  'post /api/aliases/{id}/charges 202',
  // A cancel (DES) is processed offline by the sandbox: 202, then 6 by the feedback.
  'post /api/transactions/{reference}/cancel 200',
  // The sandbox confirms a DELALIAS at once: 200; 202 is a platform that fails or is slow.
  'delete /api/aliases/{id} 202',
]);

describe('real answers of the API match the document', () => {
  let flow: FlowServer;
  let receiver: WebhookReceiver;
  const seen: Seen[] = [];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The whole document as one schema resource: its components are what the answers' $refs name.
  ajv.addSchema({ ...JSON.parse(JSON.stringify(document)), $id: DOCUMENT_ID });

  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text: the check says it is not JSON
    }
    seen.push({ method: (init?.method ?? 'GET').toLowerCase(), path: new URL(String(input)).pathname, status: response.status, body });
    return response;
  };
  /** A request by hand, for the answers the client would not send (bad input, no key). */
  const raw = (
    method: string,
    path: string,
    init: { json?: unknown; body?: string; key?: string | null; headers?: Record<string, string> } = {},
  ) =>
    recordingFetch(`${flow.url}${path}`, {
      method,
      headers: {
        ...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? flow.apiKey}` }),
        ...(init.json !== undefined || init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}),
    });

  before(async () => {
    const secret = 'whsec_openapi_test_secret_0123456789';
    receiver = await startWebhookReceiver(secret);
    flow = await startFlowServer('sqlite', {
      unknownOutcomeGraceMs: 0,
      reconciler: { intervalMs: 100, afterMs: 0 },
      env: { OGONE_OPERATION: 'RES', WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: secret },
    });
  });
  after(async () => {
    await flow?.close();
    await receiver?.close();
  });

  it('drives every path, then checks each answer against its schema', async () => {
    const client = createClient({ baseUrl: flow.url, apiKey: flow.apiKey, fetch: recordingFetch, maxRetries: 0 });
    const expectStatus = async (promise: Promise<Response>, status: number) => assert.equal((await promise).status, status);

    // The document itself, and the key.
    await expectStatus(raw('GET', '/api/openapi.json', { key: null }), 200);
    await expectStatus(raw('GET', '/api/transactions', { key: null }), 401);

    // Sessions.
    const session = await client.sessions.create({ amount: 1999, currency: 'EUR', reference: 'OA-1', customer: { id: 'cust-oa' } });
    await client.sessions.retrieve(session.id);
    const setup = await client.sessions.create({ mode: 'setup', customer: { id: 'cust-oa' } });
    assert.equal(setup.mode, 'setup');
    assert.equal((await client.sessions.retrieve(setup.id)).savedCard, null);
    await expectStatus(raw('GET', '/api/checkout-sessions/cs_unknown'), 404);
    await expectStatus(raw('POST', '/api/checkout-sessions', { json: { amount: 19.99, currency: 'EUR' } }), 400);
    await expectStatus(
      raw('POST', '/api/checkout-sessions', {
        body: JSON.stringify({ amount: 1, currency: 'EUR', description: 'x'.repeat(MERCHANT_API_BODY_BYTES) }),
      }),
      413,
    );

    // Buttons.
    const button = await client.buttons.create({ name: 'Donation', amount: 500, currency: 'EUR' });
    await client.buttons.list({ limit: 5 });
    await client.buttons.retrieve(button.id);
    await client.buttons.delete(button.id);
    await expectStatus(raw('GET', `/api/buttons/${button.id}`), 404);
    await expectStatus(raw('DELETE', `/api/buttons/${button.id}`), 404);
    await expectStatus(raw('GET', '/api/buttons?limit=0'), 400);

    // Saved cards and charges (the card is saved on the sandbox's hosted page).
    const aliasId = await saveCard(flow, 'cust-oa', '4111111111111111');
    const {
      data: [alias],
    } = await client.aliases.list('cust-oa', { limit: 10 });
    assert.equal(alias?.id, aliasId);
    await client.aliases.retrieve(aliasId);
    await expectStatus(raw('GET', '/api/aliases/al_unknown'), 404);
    const charged = await client.aliases.charge(aliasId, { amount: 1000, currency: 'EUR', reference: 'OA-CHARGE-1' });
    assert.equal(charged.state, 'authorized');
    const toCancel = await client.aliases.charge(aliasId, { amount: 700, currency: 'EUR', reference: 'OA-CHARGE-2' });
    await expectStatus(
      raw('POST', `/api/aliases/${aliasId}/charges`, { json: { amount: 1000, currency: 'EUR', reference: 'OA-CHARGE-1' } }),
      409,
    );
    await expectStatus(raw('POST', `/api/aliases/${aliasId}/charges`, { json: { amount: 10.5, currency: 'EUR' } }), 400);
    await expectStatus(raw('POST', '/api/aliases/al_unknown/charges', { json: { amount: 100, currency: 'EUR' } }), 404);

    // Transactions and their maintenance.
    await client.transactions.list({ limit: 3 });
    const csv = await client.transactions.exportCsv({ q: 'OA-CHARGE' });
    assert.match(csv, /^reference,/);
    await expectStatus(raw('GET', '/api/transactions?state=nope'), 400);
    await client.transactions.retrieve(charged.reference);
    await expectStatus(raw('GET', '/api/transactions/NOPE-1'), 404);
    const capture = await client.transactions.capture(charged.reference, { amount: 600 }, { idempotencyKey: 'oa-capture-1' });
    assert.equal(capture.outcome, 'pending');
    await expectStatus(
      raw('POST', `/api/transactions/${charged.reference}/capture`, {
        json: { amount: 500 },
        headers: { 'idempotency-key': 'oa-capture-1' },
      }),
      422,
    );
    await expectStatus(raw('POST', `/api/transactions/${charged.reference}/capture`, { json: { amount: 5000 } }), 400);
    await eventually(
      () => client.transactions.retrieve(charged.reference),
      (t) => t.capturedAmount === 600,
      'capture confirmed',
    );
    await client.transactions.refund(charged.reference, { amount: 100 });
    await expectStatus(raw('POST', `/api/transactions/${charged.reference}/cancel`), 409);
    await client.transactions.cancel(toCancel.reference);
    await expectStatus(raw('POST', '/api/transactions/NOPE-1/refund'), 404);
    await client.transactions.sync(charged.reference);
    await expectStatus(raw('POST', '/api/transactions/NOPE-1/sync'), 404);

    // Webhook events.
    await eventually(
      async () => (await client.events.list({ limit: 100 })).data,
      (events) => events.some((e) => e.delivery.deliveredAt !== null),
      'an event delivered',
    );
    const page = await client.events.list({ limit: 2, reference: charged.reference });
    const event = page.data[0]!;
    await client.events.retrieve(event.id);
    await expectStatus(raw('GET', '/api/events/evt_unknown'), 404);
    await expectStatus(raw('GET', '/api/events?type=Not-A-Type'), 400);
    await client.events.redeliver(event.id);
    await expectStatus(raw('POST', '/api/events/evt_unknown/redeliver'), 404);
    const ping = await client.events.ping();
    assert.equal(ping.delivered, true);

    // The dashboard's figures.
    const summary = await client.dashboard.summary({ days: 2 });
    assert.equal(summary.daily.length, 2 * new Set(summary.daily.map((d) => d.currency)).size);
    await expectStatus(raw('GET', '/api/dashboard/summary?days=0'), 400);

    // Forgetting the card.
    await client.aliases.delete(aliasId);
    await expectStatus(raw('DELETE', `/api/aliases/${aliasId}`), 404);

    // Every answer against the document.
    const problems: string[] = [];
    const covered = new Set<string>();
    for (const answer of seen) {
      const template = templateOf(answer.method, answer.path);
      const where = `${answer.method.toUpperCase()} ${answer.path} → ${answer.status}`;
      if (!template) {
        problems.push(`${where}: no such path in the document`);
        continue;
      }
      const response = document.paths[template]![answer.method]!.responses[String(answer.status)];
      if (!response) {
        problems.push(`${where}: status not documented for ${template}`);
        continue;
      }
      covered.add(`${answer.method} ${template} ${answer.status}`);
      const [mediaType] = Object.keys(response.content ?? {});
      // By its place in the document, so the schema's $refs to #/components/schemas resolve there.
      const pointer = ['paths', template, answer.method, 'responses', String(answer.status), 'content', mediaType!, 'schema']
        .map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')))
        .join('/');
      const validate = ajv.getSchema(`${DOCUMENT_ID}#/${pointer}`)!;
      if (!validate(answer.body)) {
        const reasons = (validate.errors ?? []).map(
          (e) =>
            `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`,
        );
        problems.push(`${answer.method.toUpperCase()} ${template} → ${answer.status}: ${[...new Set(reasons)].join('; ')}`);
      }
    }
    assert.deepEqual([...new Set(problems)], []);

    const successes = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) =>
        Object.keys(item[method]?.responses ?? {})
          .filter((status) => Number(status) < 300)
          .map((status) => `${method} ${path} ${status}`),
      ),
    );
    assert.deepEqual(
      successes.filter((key) => !covered.has(key) && !NOT_PRODUCED.has(key)),
      [],
      'a documented success with no real answer in this test',
    );
    const errorStatuses = new Set([...covered].map((key) => Number(key.split(' ')[2])).filter((status) => status >= 400));
    for (const status of [400, 401, 404, 409, 413, 422])
      assert.ok(errorStatuses.has(status), `a real ${status} checked against the error schema`);
  });
});
