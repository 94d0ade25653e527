/**
 * server/http/rate-limit.ts against hono-rate-limiter itself, both over a real @hono/node-server
 * listener and through `app.request()`: the same statuses, RateLimit-* and Retry-After headers
 * for the same requests, a header the route sets itself winning; and the remembered address
 * test answering as the test it remembers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono, type MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { rateLimit, rememberedAddressTest } from '../../../server/http/rate-limit.ts';
import { closeServer, listen, type Listening } from '../../support/listen.ts';

const LIMIT = 3;
const NAMES = ['ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'content-type'];

function appWith(limiter: MiddlewareHandler): Hono {
  const app = new Hono();
  app.use(limiter);
  app.get('/json', (c) => c.json({ ok: true }));
  app.get('/own', (c) => c.text('own', 200, { 'RateLimit-Limit': '99' }));
  app.get('/fail', (c) => c.json({ error: 'no' }, 404));
  app.get('/skipped', (c) => c.text('skipped'));
  return app;
}

const options = {
  windowMs: 60_000,
  limit: LIMIT,
  keyGenerator: () => 'one client',
  skip: (c: { req: { path: string } }) => c.req.path === '/skipped',
  handler: (c: { text: (body: string, status: 429, headers: Record<string, string>) => Response }) =>
    c.text('Too many requests', 429, { 'X-Limited': 'yes' }),
};

const library = () => appWith(rateLimiter({ ...options, standardHeaders: 'draft-6' }) as MiddlewareHandler);
const ours = () => appWith(rateLimit(options as Parameters<typeof rateLimit>[0]));

type Answer = { status: number; headers: Record<string, string | null> };
const PATHS = ['/json', '/own', '/skipped', '/fail', '/json', '/own', '/json'];

async function answers(fetchPath: (path: string) => Promise<Response>): Promise<Answer[]> {
  const result: Answer[] = [];
  for (const path of PATHS) {
    const response = await fetchPath(path);
    await response.arrayBuffer();
    result.push({ status: response.status, headers: Object.fromEntries(NAMES.map((name) => [name, response.headers.get(name)])) });
  }
  return result;
}

describe('rate limit: the same answers as hono-rate-limiter', () => {
  let theirs: Listening;
  let mine: Listening;
  before(async () => {
    theirs = await listen(library().fetch);
    mine = await listen(ours().fetch);
  });
  after(async () => {
    await closeServer(theirs.server);
    await closeServer(mine.server);
  });

  it('over a real listener', async () => {
    const expected = await answers((path) => fetch(theirs.url + path));
    const actual = await answers((path) => fetch(mine.url + path));
    assert.deepEqual(actual, expected);
    // What the comparison covers: headers within the limit, the route's own winning, a skip, 429s.
    assert.deepEqual(
      actual.map((a) => a.status),
      [200, 200, 200, 404, 429, 429, 429],
    );
    assert.equal(actual[0]!.headers['ratelimit-policy'], '3;w=60');
    assert.equal(actual[0]!.headers['ratelimit-remaining'], '2');
    assert.equal(actual[0]!.headers['ratelimit-reset'], '60');
    assert.equal(actual[1]!.headers['ratelimit-limit'], '99');
    assert.equal(actual[2]!.headers['ratelimit-policy'], null);
    assert.equal(actual[4]!.headers['retry-after'], '60');
  });

  it('through app.request()', async () => {
    const theirApp = library();
    const myApp = ours();
    const expected = await answers(async (path) => theirApp.request(path));
    const actual = await answers(async (path) => myApp.request(path));
    assert.deepEqual(actual, expected);
    assert.equal(actual[0]!.headers['ratelimit-remaining'], '2');
  });
});

describe('rememberedAddressTest', () => {
  it('answers as the test, asking it once per address, within its capacity', () => {
    const asked: string[] = [];
    const test = rememberedAddressTest((address) => {
      asked.push(address);
      return address.startsWith('127.');
    }, 2);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('203.0.113.7'), false);
    assert.equal(test('203.0.113.7'), false);
    assert.deepEqual(asked, ['127.0.0.1', '203.0.113.7']);
    // Full: a third address starts the map over, and every answer is still the test's.
    assert.equal(test('::1'), false);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('127.0.0.1'), true);
    assert.deepEqual(asked, ['127.0.0.1', '203.0.113.7', '::1', '127.0.0.1']);
  });
});
