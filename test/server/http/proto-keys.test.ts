/**
 * JSON bodies with a `__proto__` key. JSON.parse makes it an own property, but the validated body
 * lost it: `metadata` ("returned as given", shared/schemas/api.ts) silently dropped a `__proto__`
 * key — even one whose value is an object, which every other key would have refused with a 400 —
 * and the strict session body accepted an unknown top-level `__proto__`. Now refused, named.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';

describe('__proto__ keys in a checkout session body', () => {
  const t = useTestApp('sqlite');

  const post = (body: string) => t.api('/api/checkout-sessions', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  it('a metadata value that is an object is refused, whatever its key', async () => {
    const control = await post('{"amount":1000,"currency":"EUR","metadata":{"cart":{"x":"1"}}}');
    assert.equal(control.status, 400);
    const response = await post('{"amount":1000,"currency":"EUR","metadata":{"__proto__":{"x":"1"}}}');
    assert.equal(response.status, 400, `status ${response.status}: ${await response.text()}`);
  });

  it('a metadata key "__proto__" with a string value is kept (or refused), never silently dropped', async () => {
    const response = await post('{"amount":1000,"currency":"EUR","metadata":{"__proto__":"x","cart":"42"}}');
    const body = (await response.json()) as unknown;
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.deepEqual(body, {
      error: { code: 'invalid_request', message: 'metadata.__proto__: the key __proto__ is not allowed', field: 'metadata.__proto__' },
    });
  });

  it('an unknown top-level key "__proto__" is refused like any unknown key', async () => {
    const control = await post('{"amount":1000,"currency":"EUR","bogus":{"mode":"setup"}}');
    assert.equal(control.status, 400);
    const response = await post('{"amount":1000,"currency":"EUR","__proto__":{"mode":"setup"}}');
    assert.equal(response.status, 400, `status ${response.status}: ${await response.text()}`);
  });

  it('a body nested 30,000 deep is a 400 naming the field, not a 500 (the check walks without recursion)', async () => {
    const depth = 30_000;
    const response = await post(`{"amount":1000,"currency":"EUR","metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    assert.equal(response.status, 400, await response.clone().text());
    assert.equal(((await response.json()) as { error: { field?: string } }).error.field, 'metadata');
  });
});
