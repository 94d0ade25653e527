/**
 * Every answer's security headers and request id (server/http/security-headers.ts,
 * request-id.ts): the precomputed set is exactly Hono's `secureHeaders` with our CSP, and it
 * reaches every answer both over a real @hono/node-server listener (set on Node's response) and
 * through `app.request()`, a route's own value winning either way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { serve, type ServerType } from '@hono/node-server';
import { SECURITY_HEADERS } from '../../../server/http/security-headers.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

function assertSecurityHeaders(headers: Record<string, string>, except: string[] = []): void {
  for (const [name, value] of SECURITY_HEADERS) {
    if (except.includes(name)) continue;
    assert.equal(headers[name.toLowerCase()], value, name);
  }
}

describe('security headers and request id', () => {
  let database: TestDatabase;
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let dist: string;

  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'security-headers-'));
    await writeFile(path.join(dist, 'ogone-checkout.js'), 'export {};\n');
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database, { deps: { widgetDistDir: dist } });
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
    await database?.drop();
    await rm(dist, { recursive: true, force: true });
  });

  it('is exactly the set Hono’s secureHeaders sends with our Content-Security-Policy', async () => {
    const hono = new Hono();
    hono.use(
      secureHeaders({
        overwrite: false,
        contentSecurityPolicy: { defaultSrc: ["'none'"], baseUri: ["'none'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
      }),
    );
    hono.get('/', (c) => c.body(null, 204));
    const expected = headersOf(await hono.request('/'));
    delete expected['content-type'];
    const ours = Object.fromEntries(SECURITY_HEADERS.map(([name, value]) => [name.toLowerCase(), value]));
    assert.deepEqual(ours, expected);
  });

  for (const via of ['a real listener', 'app.request()'] as const) {
    const get = (pathname: string, headers: Record<string, string> = {}) =>
      via === 'a real listener' ? fetch(`${base}${pathname}`, { headers }) : t.app.request(pathname, { headers });

    it(`sends them with a fresh request id on /healthz, through ${via}`, async () => {
      const response = await get('/healthz');
      assert.equal(response.status, 200);
      const headers = headersOf(response);
      assertSecurityHeaders(headers);
      assert.match(headers['x-request-id'] ?? '', UUID);
      assert.equal(headers['cache-control'], 'no-store');
      assert.deepEqual(await response.json(), { status: 'ok' });
    });

    it(`keeps a plain client request id and replaces an unsafe or long one, through ${via}`, async () => {
      assert.equal((await get('/healthz', { 'x-request-id': 'trace-42_A=' })).headers.get('x-request-id'), 'trace-42_A=');
      const unsafe = (await get('/healthz', { 'x-request-id': 'a b<script>' })).headers.get('x-request-id') ?? '';
      assert.match(unsafe, UUID);
      assert.match((await get('/healthz', { 'x-request-id': 'x'.repeat(256) })).headers.get('x-request-id') ?? '', UUID);
    });

    it(`sends them on a problem answer (404 of no route), through ${via}`, async () => {
      const response = await get('/no-such-route');
      assert.equal(response.status, 404);
      assertSecurityHeaders(headersOf(response));
      assert.match(response.headers.get('x-request-id') ?? '', UUID);
    });

    it(`sends them on a problem a middleware answers (401 without an API key), through ${via}`, async () => {
      const response = await get('/api/transactions');
      assert.equal(response.status, 401);
      assertSecurityHeaders(headersOf(response));
      assert.match(response.headers.get('x-request-id') ?? '', UUID);
    });

    it(`lets a route keep its own value (the widget bundle's Cross-Origin-Resource-Policy), through ${via}`, async () => {
      const response = await get('/ogone-checkout.js');
      assert.equal(response.status, 200);
      const headers = headersOf(response);
      assert.equal(headers['cross-origin-resource-policy'], 'cross-origin');
      assertSecurityHeaders(headers, ['Cross-Origin-Resource-Policy']);
      assert.equal(headers['x-powered-by'], undefined);
    });
  }

  it('logs one line for a 404 of no route, with its status, path and no query string', async () => {
    const response = await fetch(`${base}/nowhere?card=4111111111111111`, { headers: { 'x-request-id': 'lost-404' } });
    assert.equal(response.status, 404);
    await response.arrayBuffer();
    const lines = t.logs.filter((line) => line.includes('"requestId":"lost-404"'));
    assert.equal(lines.length, 1, lines.join('\n'));
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.status, 404);
    assert.equal(line.path, '/nowhere');
    assert.equal(line.client, '127.0.0.1');
    assert.equal(typeof line.ms, 'number');
    assert.doesNotMatch(lines[0]!, /4111/);
  });

  it('logs the request id it sent back', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'logged-id-7' } });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    assert.ok(
      t.logs.some((line) => line.includes('"requestId":"logged-id-7"') && line.includes('"path":"/healthz"')),
      'a request log line carries the id',
    );
  });
});
