/**
 * The widget's endpoints over a real @hono/node-server listener, where the body is read from
 * Node's request and the CORS headers never force a full Response (server/http/body-text.ts,
 * body-limit.ts, cors.ts): same answers as Hono's own middleware — JSON with a byte order mark,
 * chunked bodies, the body limit either way, and CORS headers on successes and errors alike.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { useTestApp } from '../../support/app.ts';

const SHOP = 'https://shop.example.com';
const LIMIT = 300;

/** A POST through node:http: `chunked` sends no Content-Length (Transfer-Encoding: chunked). */
function post(
  url: string,
  body: string,
  options: { chunked?: boolean; origin?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.origin ? { origin: options.origin } : {}) };
    if (!options.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.chunked) {
      // Two writes: the body arrives in pieces.
      req.write(body.slice(0, Math.floor(body.length / 2)));
      req.end(body.slice(Math.floor(body.length / 2)));
    } else req.end(body);
  });
}

describe('widget endpoints over a real listener', () => {
  let server: ServerType;
  let base: string;
  let sessionId: string;

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  const t = useTestApp('sqlite', { deps: { bodyLimitBytes: LIMIT } });
  before(async () => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const created = await t.api('/api/checkout-sessions', {
      method: 'POST',
      json: { amount: 1999, currency: 'EUR', description: 'Books' },
    });
    assert.equal(created.status, 201);
    sessionId = ((await created.json()) as { id: string }).id;
  });

  it('signs an attempt from a Content-Length body, with the CORS headers of the allowed origin', async () => {
    const res = await post(`${base}/checkout/sessions/${sessionId}/attempts`, '{"saveCard":false,"locale":"fr"}', { origin: SHOP });
    assert.equal(res.status, 201, res.text);
    const body = JSON.parse(res.text) as { kind: string; fields: Record<string, string> };
    assert.equal(body.kind, 'redirect');
    assert.equal(body.fields.LANGUAGE, 'fr_FR');
    assert.equal(res.headers['access-control-allow-origin'], SHOP);
    assert.match(String(res.headers.vary), /Origin/);
    assert.equal(res.headers['content-type'], 'application/json');
  });

  it('reads a chunked body and one starting with a byte order mark, as fetch’s text() does', async () => {
    const chunked = await post(`${base}/checkout/sessions/${sessionId}/attempts`, '{"saveCard":false,"locale":"de"}', { chunked: true });
    assert.equal(chunked.status, 201, chunked.text);
    assert.equal((JSON.parse(chunked.text) as { fields: Record<string, string> }).fields.LANGUAGE, 'de_DE');
    const bom = await post(`${base}/checkout/sessions/${sessionId}/attempts`, '\uFEFF{"saveCard":false,"locale":"nl"}');
    assert.equal(bom.status, 201, bom.text);
    assert.equal((JSON.parse(bom.text) as { fields: Record<string, string> }).fields.LANGUAGE, 'nl_NL');
    const broken = await post(`${base}/checkout/sessions/${sessionId}/attempts`, '{"saveCard":');
    assert.equal(broken.status, 400);
    assert.equal((JSON.parse(broken.text) as { error: { code: string } }).error.code, 'invalid_json');
  });

  it('refuses a body over the limit, announced or chunked', async () => {
    const big = JSON.stringify({ saveCard: false, locale: 'x'.repeat(LIMIT) });
    for (const chunked of [false, true]) {
      const res = await post(`${base}/checkout/sessions/${sessionId}/attempts`, big, { chunked });
      assert.equal(res.status, 413, `chunked: ${chunked}`);
      assert.equal((JSON.parse(res.text) as { error: { code: string } }).error.code, 'payload_too_large');
    }
  });

  it('errors carry the CORS headers too; another origin gets none', async () => {
    const missing = await post(`${base}/checkout/sessions/cs_missing/attempts`, '{}', { origin: SHOP });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['access-control-allow-origin'], SHOP);
    assert.match(String(missing.headers.vary), /Origin/);
    const evil = await post(`${base}/checkout/sessions/${sessionId}/attempts`, '{}', { origin: 'https://evil.example' });
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    assert.match(String(evil.headers.vary), /Origin/);
  });
});
