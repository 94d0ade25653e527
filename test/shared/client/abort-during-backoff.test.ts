/**
 * Review r1230 found the typed merchant client ignoring the caller's AbortSignal while it waits
 * between two attempts (shared/client/transport.ts `send`).
 *
 * Defect: `CallOptions.signal` is "a signal to give up" (shared/client/transport.ts) and the
 * transport says "The caller gave up: not a failure of the server, and not retried". But the
 * signal is only looked at before an attempt and during the fetch: the back-off wait
 * (`options.sleep(wait ?? backoff…)`) does not listen to it. A 503 or 429 carrying
 * `Retry-After: 15` (the client waits for any Retry-After up to `maxRetryAfterMs`, 60 s by default)
 * therefore keeps the call pending for the whole 15 s after the caller aborted.
 *
 * What a merchant suffers: a backend that bounds its call to the payment server (e.g. a checkout
 * request handler giving the API 1 s with `AbortSignal.timeout(1000)`, or a job cancelled on
 * shutdown) hangs for up to a minute instead of failing at once — the request to the shop times
 * out at its own load balancer, a graceful shutdown waits, a worker slot is held. "A hang" in the
 * review's terms.
 *
 * Expected (what the option promises): once the signal aborts, the pending call rejects promptly
 * with the signal's reason, even while it is waiting to retry, and its timer is cleared (a
 * pending timer alone holds a process that is shutting down).
 *
 * The fix made: in shared/client/transport.ts `send`, race the back-off wait with the caller's signal and
 * pass the signal to `sleep`; the default sleep clears its timer on abort.
 *
 * The server's Retry-After here is 3 s, not 15: long enough to tell a prompt rejection from the
 * end of the wait, short enough that a client which still waits (or leaves its timer running)
 * fails this test in seconds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../../shared/client/index.ts';

/** Timers keeping the process alive (unref'd ones, such as AbortSignal.timeout's, are not counted). */
const liveTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('typed client: aborting during a Retry-After wait', () => {
  it('rejects as soon as the caller aborts and clears the wait’s timer', async () => {
    let requests = 0;
    let answered!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_r1230_abcdefghijklmnopqrstuvwxyz',
      // The default sleep (setTimeout), as a merchant's client uses it.
      fetch: async () => {
        requests++;
        answered();
        return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'the database is unavailable' } }), {
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '3' },
        });
      },
    });

    const timersBefore = liveTimers();
    const controller = new AbortController();
    const call = client.transactions.retrieve('ORDER-1001-1', { signal: controller.signal }).then(
      () => ({ settled: 'resolved' as const }),
      (error: unknown) => ({ settled: 'rejected' as const, error, at: Date.now() }),
    );
    await firstAnswer;
    // Let the client read the 503 and start its wait.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(liveTimers(), timersBefore + 1, 'the client waits for the Retry-After on a timer');

    // The merchant's handler gives up.
    const abortedAt = Date.now();
    controller.abort(new Error('the shop gave up'));
    let giveUp: NodeJS.Timeout | undefined;
    const timer = new Promise<{ settled: 'still pending' }>((resolve) => {
      giveUp = setTimeout(() => resolve({ settled: 'still pending' }), 1000).unref();
    });
    const outcome = await Promise.race([call, timer]);
    clearTimeout(giveUp);

    assert.equal(requests, 1, 'one request, then the Retry-After wait');
    assert.equal(
      outcome.settled,
      'rejected',
      `1 s after the caller aborted the call is ${outcome.settled}: it sleeps through the server's Retry-After`,
    );
    if (outcome.settled === 'rejected') {
      assert.ok(outcome.at - abortedAt < 500, `rejected ${outcome.at - abortedAt} ms after the abort`);
      assert.equal((outcome.error as Error).message, 'the shop gave up');
    }
    assert.equal(liveTimers(), timersBefore, 'the wait’s timer is cleared: nothing holds the process for the rest of the Retry-After');
  });

  it('a sleep of the caller’s own that ignores the signal is not waited for either', async () => {
    const controller = new AbortController();
    let endSleep!: () => void;
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_r1230_abcdefghijklmnopqrstuvwxyz',
      fetch: async () => new Response('', { status: 502 }),
      sleep: () => {
        queueMicrotask(() => controller.abort(new Error('cancelled on shutdown')));
        return new Promise<void>((resolve) => (endSleep = resolve));
      },
    });
    await assert.rejects(client.transactions.retrieve('ORDER-1001-1', { signal: controller.signal }), { message: 'cancelled on shutdown' });
    endSleep();
  });
});
