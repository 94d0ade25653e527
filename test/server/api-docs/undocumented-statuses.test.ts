/**
 * Answers the merchant API really gives, with statuses the OpenAPI document must declare for
 * their paths (a generated client has no type for an undeclared one): every POST passes the
 * Idempotency-Key middleware (409 in progress, 422 reused with another body) and the body limit
 * (413), whether or not the operation takes a body; every operation that reads or writes the
 * database answers 503 `database_unavailable` while it cannot be reached.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MERCHANT_API_BODY_BYTES } from '../../../server/app.ts';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';
import { useTestApp } from '../../support/app.ts';

const document = openApiDocument('0.0.0-test');
const documented = (path: string, method: string, status: number) =>
  document.paths[path]?.[method]?.responses[String(status)] !== undefined;

describe('statuses answered are documented', () => {
  const t = useTestApp('sqlite');

  it('a path parameter holding a NUL character answers 400 naming the path, and every such operation says so', async () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.includes('{')) continue;
      const url = path.replace(/\{\w+\}/g, 'x%00');
      for (const method of Object.keys(operations)) {
        const response = await t.api(url, { method: method.toUpperCase(), ...(method === 'post' ? { json: {} } : {}) });
        assert.equal(response.status, 400, `${method} ${url}`);
        assert.equal(((await response.json()) as { error: { field?: string } }).error.field, 'path');
        assert.ok(documented(path, method, 400), `${method.toUpperCase()} ${path} answers 400 but the document has no 400`);
      }
    }
  });

  it('POST /api/buttons: an Idempotency-Key reused with another body answers 422, and the document says so', async () => {
    const headers = { 'idempotency-key': 'review-button-1' };
    const first = await t.api('/api/buttons', { method: 'POST', headers, json: { name: 'A', amount: 500, currency: 'EUR' } });
    assert.equal(first.status, 201);
    const second = await t.api('/api/buttons', { method: 'POST', headers, json: { name: 'B', amount: 700, currency: 'EUR' } });
    assert.equal(second.status, 422);
    assert.ok(documented('/api/buttons', 'post', 422), `POST /api/buttons answered 422 ${await second.text()} but the document has no 422`);
  });

  it('POST /api/checkout-sessions: a concurrent duplicate (same Idempotency-Key) answers 409, and the document says so', async () => {
    const body = JSON.stringify({ amount: 1999, currency: 'EUR' });
    const { createHash } = await import('node:crypto');
    // The first request is still running: its reservation is in place.
    await t.repository.reserveIdempotencyKey(
      // The merchant's scope, whichever API key sends it (http/idempotency.ts).
      'POST /api/checkout-sessions',
      'review-session-1',
      createHash('sha256').update(body).digest('hex'),
    );
    const duplicate = await t.api('/api/checkout-sessions', {
      method: 'POST',
      headers: { 'idempotency-key': 'review-session-1', 'content-type': 'application/json' },
      body,
    });
    assert.equal(duplicate.status, 409);
    assert.ok(
      documented('/api/checkout-sessions', 'post', 409),
      `POST /api/checkout-sessions answered 409 ${await duplicate.text()} but the document has no 409 (it documents the Idempotency-Key header)`,
    );
  });

  it('a database outage answers 503 on every operation, and the document says so', async () => {
    const repository = t.repository as unknown as Record<string, unknown>;
    const cases: Array<{ method: string; url: string; path: string; breaks: string; json?: unknown }> = [
      { method: 'get', url: '/api/transactions', path: '/api/transactions', breaks: 'listTransactionsWithSessions' },
      { method: 'get', url: '/api/buttons', path: '/api/buttons', breaks: 'listButtons' },
      { method: 'get', url: '/api/checkout-sessions/cs_x', path: '/api/checkout-sessions/{id}', breaks: 'getSession' },
      { method: 'get', url: '/api/events', path: '/api/events', breaks: 'listEvents' },
      {
        method: 'post',
        url: '/api/buttons',
        path: '/api/buttons',
        breaks: 'createButton',
        json: { name: 'A', amount: 500, currency: 'EUR' },
      },
    ];
    for (const c of cases) {
      const original = repository[c.breaks];
      // What pg throws when PostgreSQL cannot be reached.
      repository[c.breaks] = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      };
      try {
        const response = await t.api(c.url, { method: c.method.toUpperCase(), ...(c.json ? { json: c.json } : {}) });
        assert.equal(response.status, 503, `${c.method} ${c.url}`);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'database_unavailable');
        assert.ok(documented(c.path, c.method, 503), `${c.method.toUpperCase()} ${c.path} answers 503 but the document has no 503`);
      } finally {
        repository[c.breaks] = original;
      }
    }
  });

  it('POST /api/events/ping: a body over the limit answers 413, and the document says so', async () => {
    const big = await t.api('/api/events/ping', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(MERCHANT_API_BODY_BYTES + 1),
    });
    assert.equal(big.status, 413);
    assert.ok(
      documented('/api/events/ping', 'post', 413),
      `POST /api/events/ping answered 413 ${await big.text()} but the document has no 413`,
    );
  });
});
