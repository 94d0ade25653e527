/**
 * The typed merchant client against what a merchant's setup may hand it: a 2xx that is not the
 * API's JSON (a baseUrl naming the shop's own site, a proxy's page) is an `invalid_response`
 * error, never a resolved capture; an API key fetch refuses as a header value (a key file of two
 * lines) is refused by createClient without being echoed; a retry setting that is not a number
 * (Number() of an unset variable: NaN) is refused, where it retried for ever.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, OgoneCheckoutError } from '../../../shared/client/index.ts';

const noSleep = async () => {};

describe('typed client: answers and options it refuses', () => {
  it('a 2xx whose body is not JSON (an HTML page from a proxy or a wrong baseUrl) is an invalid_response error, not a success', async () => {
    let calls = 0;
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_123',
      sleep: noSleep,
      fetch: async () => {
        calls++;
        return new Response('<!doctype html><html><body>Shop home</body></html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        });
      },
    });
    // A merchant marks the order captured when capture() resolves.
    const outcome = await client.transactions.capture('ORDER-1-1', { amount: 1500 }).then(
      (value) => ({ resolved: value as unknown }),
      (error: unknown) => ({ rejected: error }),
    );
    assert.ok('rejected' in outcome, `capture resolved with ${JSON.stringify((outcome as { resolved: unknown }).resolved)}`);
    assert.ok(outcome.rejected instanceof OgoneCheckoutError);
    assert.equal(outcome.rejected.code, 'invalid_response');
    assert.equal(outcome.rejected.status, 200);
    assert.ok(calls >= 1);
  });

  it('an API key that fetch refuses as a header value never appears in the error', async () => {
    const apiKey = 'sk_live_TOPSECRET_4242\nsk_live_OTHER_4343'; // e.g. a key file holding two lines
    let error: unknown;
    try {
      const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey, maxRetries: 0, sleep: noSleep });
      // fetch validates headers before any connection: the default fetch is used
      await client.transactions.retrieve('ORDER-1-1');
    } catch (e) {
      error = e;
    }
    // A clear TypeError from createClient would be fine too; otherwise the call must fail without the key.
    assert.ok(error !== undefined);
    const text = `${(error as Error).message} ${String((error as Error).stack)} ${String(((error as Error).cause as Error | undefined)?.message)}`;
    assert.ok(!text.includes('TOPSECRET'), `the error carries the API key: ${(error as Error).message}`);
  });

  it('maxRetries that is not a number (Number(undefined) from an unset variable) does not retry forever', async () => {
    let calls = 0;
    const controller = new AbortController();
    const fakeFetch: typeof fetch = async () => {
      calls++;
      if (calls >= 20) controller.abort(new Error('the test gave up after 20 requests'));
      return new Response('{"error":{"code":"unavailable","message":"down"}}', { status: 503 });
    };
    let client: ReturnType<typeof createClient>;
    try {
      client = createClient({
        baseUrl: 'https://pay.example.com',
        apiKey: 'sk_test_123',
        maxRetries: Number(undefined),
        sleep: noSleep,
        fetch: fakeFetch,
      });
    } catch (error) {
      assert.ok(error instanceof TypeError); // refused at creation: fine too
      return;
    }
    const error = await client.transactions.refund('ORDER-1-1', { amount: 100 }, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(calls <= 3, `${calls} requests for one refund (${(error as Error).message})`);
    assert.ok(error instanceof OgoneCheckoutError);
  });
});
