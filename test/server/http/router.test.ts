/**
 * The app's router (server/http/router.ts) matches what Hono's TrieRouter matches, every time,
 * for every route of the app; it keeps only the matches of fixed routes' own paths, so what
 * clients send (parameters, unknown paths) never grows it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TrieRouter } from 'hono/router/trie-router';
import type { H, RouterRoute } from 'hono/types';
import { FixedPathCachingRouter } from '../../../server/http/router.ts';
import { useTestApp } from '../../support/app.ts';

type Entry = [H, RouterRoute];

const REQUESTS: Array<[string, string]> = [
  ['GET', '/healthz'],
  ['GET', '/healthz/'],
  ['GET', '/readyz'],
  ['GET', '/ogone-checkout.js'],
  ['GET', '/ogone-checkout.0123456789abcdef.js'],
  ['GET', '/api/transactions'],
  ['GET', '/api/transactions/export.csv'],
  ['GET', '/api/transactions/R-1'],
  ['POST', '/api/transactions/R-1/capture'],
  ['POST', '/checkout/sessions/cs_1/attempts'],
  ['OPTIONS', '/checkout/sessions/cs_1/attempts'],
  ['POST', '/payment/ogone/return'],
  ['GET', '/payment/status/assets/status.css'],
  ['GET', '/payment/status/R-1'],
  ['GET', '/no-such-route'],
  ['DELETE', '/healthz'],
];

/** A match as plain data: each handler's route and its parameters. */
function shape(result: ReturnType<TrieRouter<Entry>['match']>): unknown {
  return result[0].map(([[handler, route], params]) => [handler, route.method, route.path, { ...params }]);
}

describe('the app router', () => {
  const t = useTestApp('sqlite');

  it('is the app’s', () => {
    assert.ok(t.app.router instanceof FixedPathCachingRouter);
  });

  it('matches what TrieRouter matches, the first time and afterwards', () => {
    const trie = new TrieRouter<Entry>();
    const ours = new FixedPathCachingRouter();
    for (const route of t.app.routes) {
      trie.add(route.method, route.path, [route.handler, route]);
      ours.add(route.method, route.path, [route.handler, route]);
    }
    for (let round = 0; round < 3; round++) {
      for (const [method, path] of REQUESTS)
        assert.deepEqual(shape(ours.match(method, path)), shape(trie.match(method, path)), `${method} ${path}`);
    }
    // GET /healthz, /readyz, /api/transactions, …/status.css; POST /payment/ogone/return. Not
    // …/export.csv: `:reference` matches it too, with a parameter.
    assert.equal(ours.kept, 5);
    for (let i = 0; i < 100; i++) ours.match('GET', `/unknown-${i}`);
    assert.equal(ours.kept, 5);
  });

  it('answers through the app as before', async () => {
    for (let i = 0; i < 2; i++) {
      assert.equal((await t.app.request('/healthz')).status, 200);
      assert.equal((await t.app.request('/healthz/')).status, 404);
      assert.equal((await t.app.request('/api/transactions')).status, 401);
    }
  });
});
