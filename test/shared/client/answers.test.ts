/**
 * Two answers of the typed client (shared/client/transport.ts) that misled about money:
 * - a 2xx with an EMPTY body (a load balancer's or proxy's bare 200, a baseUrl naming another
 *   service) resolved the capture with `undefined`, while a 2xx with any other non-JSON body is
 *   refused as `invalid_response`;
 * - an Idempotency-Key that cannot be an HTTP header value (a caller's key holding "€") was thrown
 *   by fetch before any connection, but reported as `network_error` — "did not reach the server or
 *   its answer was lost", i.e. the refund may have happened — after being retried.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, OgoneCheckoutError } from '../../../shared/client/index.ts';

const noSleep = async () => {};

describe('typed client answers', () => {
  it('a 2xx with an empty body is not a resolved capture', async () => {
    let calls = 0;
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_123',
      sleep: noSleep,
      fetch: async () => {
        calls++;
        return new Response('', { status: 200 });
      },
    });
    const outcome = await client.transactions.capture('ORDER-1-1', { amount: 1500 }).then(
      (value) => ({ resolved: value as unknown }),
      (error: unknown) => ({ rejected: error }),
    );
    assert.ok('rejected' in outcome, `capture() resolved with ${String((outcome as { resolved: unknown }).resolved)} from an empty 200`);
    assert.ok(outcome.rejected instanceof OgoneCheckoutError);
    assert.equal(outcome.rejected.code, 'invalid_response');
    assert.equal(calls, 1);
  });

  it('an Idempotency-Key fetch cannot send is a TypeError before any request, never a network error', async () => {
    let calls = 0;
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_123',
      sleep: noSleep,
      // What fetch does with such a header: a TypeError before any connection.
      fetch: async (_input, init) => {
        calls++;
        new Headers(init?.headers);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    for (const key of ['order-€-1-refund', '', ' padded', 'x'.repeat(256)]) {
      const error = await client.transactions.refund('ORDER-1-1', { amount: 100 }, { idempotencyKey: key }).catch((e: unknown) => e);
      assert.ok(error instanceof TypeError && !(error instanceof OgoneCheckoutError), `${JSON.stringify(key)}: ${String(error)}`);
      assert.match(error.message, /idempotencyKey/);
    }
    assert.equal(calls, 0, 'nothing sent');
    const ok = await client.transactions.refund('ORDER-1-1', { amount: 100 }, { idempotencyKey: 'order-1 refund #1' });
    assert.deepEqual(ok, {});
    assert.equal(calls, 1);
  });
});
