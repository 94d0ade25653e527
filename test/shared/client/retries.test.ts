/**
 * The client against a small HTTP server that fails on purpose (503s, 429 with Retry-After, a
 * connection reset, a bad request): what is retried, how long it waits, and that every retry of a
 * POST carries the Idempotency-Key of its first request.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, OgoneCheckoutError } from '../../../shared/client/index.ts';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: string;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
};
const reset: Answer = (req) => req.socket.destroy();

describe('the client on a failing server', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[] = [];
  let script: Answer[] = [];
  let waits: number[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({
          method: req.method!,
          url: req.url!,
          authorization: req.headers.authorization,
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body,
        });
        const answer = script.shift() ?? json(500, { error: { code: 'script_ended', message: 'no answer scripted' } });
        answer(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
    script = [];
    waits = [];
  });

  const client = (options: { maxRetries?: number; maxRetryAfterMs?: number } = {}) =>
    createClient({
      baseUrl: `${baseUrl}/`,
      apiKey: 'sk_test_client',
      retryDelayMs: 100,
      maxRetryDelayMs: 1000,
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
      ...options,
    });
  const refunded = { transaction: { reference: 'R-1' }, operation: { kind: 'refund' }, outcome: 'pending' };

  it('503 twice then 200: three requests with the same Idempotency-Key, backing off 100 then 200 ms', async () => {
    script = [json(503, { error: { code: 'database_unavailable', message: 'down' } }), json(503, {}), json(202, refunded)];
    const result = await client().transactions.refund('R-1', { amount: 300 });
    assert.deepEqual(result, refunded);
    assert.equal(received.length, 3);
    const [key] = received.map((r) => r.idempotencyKey);
    assert.match(key ?? '', /^[0-9a-f-]{36}$/, 'a UUID');
    assert.deepEqual(
      received.map((r) => r.idempotencyKey),
      [key, key, key],
    );
    assert.deepEqual(
      received.map((r) => [r.method, r.url, r.body]),
      Array.from({ length: 3 }, () => ['POST', '/api/transactions/R-1/refund', '{"amount":300}']),
    );
    assert.equal(received[0]!.authorization, 'Bearer sk_test_client');
    assert.deepEqual(waits, [100, 200]);
  });

  it('every call gets its own key; a key of the caller is sent as is', async () => {
    script = [json(202, refunded), json(202, refunded), json(202, refunded)];
    await client().transactions.refund('R-1');
    await client().transactions.refund('R-1');
    await client().transactions.refund('R-1', {}, { idempotencyKey: 'order-77-refund-1' });
    const [a, b, c] = received.map((r) => r.idempotencyKey);
    assert.notEqual(a, b);
    assert.equal(c, 'order-77-refund-1');
  });

  it('429 with Retry-After in seconds, then in an HTTP date: waits what the server says', async () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    script = [
      json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '3' }),
      json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': inTwoSeconds }),
      json(201, { id: 'cs_1' }),
    ];
    const session = await client().sessions.create({ amount: 1999, currency: 'EUR' });
    assert.equal(session.id, 'cs_1');
    assert.equal(waits[0], 3000);
    assert.ok(waits[1]! > 0 && waits[1]! <= 2000, `about two seconds: ${waits[1]}`);
    assert.equal(new Set(received.map((r) => r.idempotencyKey)).size, 1);
  });

  it('a Retry-After beyond maxRetryAfterMs is not waited for: the 429 goes to the caller', async () => {
    script = [json(429, { error: { code: 'rate_limited', message: 'come back in an hour' } }, { 'retry-after': '3600' })];
    const error = await client({ maxRetryAfterMs: 60_000 })
      .transactions.list()
      .catch((e: unknown) => e);
    assert.ok(error instanceof OgoneCheckoutError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limited');
    assert.equal(received.length, 1);
    assert.deepEqual(waits, []);
  });

  it('a connection reset is retried with the same key', async () => {
    script = [reset, json(201, { id: 'tx' })];
    const result = await client().aliases.charge('al_1', { amount: 500, currency: 'EUR', reference: 'SUB-1' });
    assert.deepEqual(result, { id: 'tx' });
    assert.equal(received.length, 2);
    assert.equal(received[0]!.idempotencyKey, received[1]!.idempotencyKey);
  });

  it('when the retries are spent: one OgoneCheckoutError with the last status, the key and the count', async () => {
    script = [reset, json(502, { error: { code: 'platform_failed', message: 'Ogone answered 500' } })];
    const error = await client({ maxRetries: 1 })
      .transactions.capture('R-2')
      .catch((e: unknown) => e);
    assert.ok(error instanceof OgoneCheckoutError);
    assert.equal(error.status, 502);
    assert.equal(error.code, 'platform_failed');
    assert.equal(error.message, 'Ogone answered 500');
    assert.equal(error.attempts, 2);
    assert.equal(error.idempotencyKey, received[0]!.idempotencyKey);

    script = [reset, reset];
    const network = await client({ maxRetries: 1 })
      .transactions.retrieve('R-2')
      .catch((e: unknown) => e);
    assert.ok(network instanceof OgoneCheckoutError);
    assert.equal(network.status, 0);
    assert.equal(network.code, 'network_error');
    assert.equal(network.idempotencyKey, undefined, 'a GET carries no key');
  });

  it('a 4xx is not retried: status, code, field and the request id, as the server sent them', async () => {
    script = [
      json(
        400,
        { error: { code: 'invalid_request', message: 'amount: must be an integer', field: 'amount' } },
        { 'x-request-id': 'req-42' },
      ),
    ];
    const error = await client()
      .sessions.create({ amount: 19.99, currency: 'EUR' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OgoneCheckoutError);
    assert.equal(error.name, 'OgoneCheckoutError');
    assert.deepEqual([error.status, error.code, error.field, error.requestId], [400, 'invalid_request', 'amount', 'req-42']);
    assert.equal(received.length, 1);
  });

  it('501 (not offered) is final; 409 idempotency_in_progress waits for the first request', async () => {
    script = [json(501, { error: { code: 'not_offered', message: 'no DirectLink user' } })];
    assert.equal(
      (
        await client()
          .transactions.sync('R-3')
          .catch((e: OgoneCheckoutError) => e)
      ).status,
      501,
    );
    assert.equal(received.length, 1);
    script = [json(409, { error: { code: 'idempotency_in_progress', message: 'still running' } }), json(202, refunded)];
    await client().transactions.refund('R-3');
    assert.equal(received.length, 3);
    assert.equal(received[1]!.idempotencyKey, received[2]!.idempotencyKey);
  });

  it('an answer that is not JSON becomes an error with the HTTP status as its code', async () => {
    script = [
      (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>Not Found</h1>');
      },
    ];
    const error = await client()
      .buttons.retrieve('btn_1')
      .catch((e: unknown) => e);
    assert.ok(error instanceof OgoneCheckoutError);
    assert.equal(error.code, 'http_404');
    assert.equal(error.field, undefined);
  });

  it('a page iterator follows nextCursor to the last page', async () => {
    script = [json(200, { data: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' }), json(200, { data: [{ id: 'c' }], nextCursor: null })];
    const ids: string[] = [];
    for await (const event of client().events.listAll({ limit: 2, type: 'payment.captured' })) ids.push(event.id);
    assert.deepEqual(ids, ['a', 'b', 'c']);
    assert.deepEqual(
      received.map((r) => r.url),
      ['/api/events?limit=2&type=payment.captured', '/api/events?limit=2&type=payment.captured&cursor=c1'],
    );
  });
});
