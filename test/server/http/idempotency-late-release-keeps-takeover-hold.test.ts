/**
 * A background release of an old reservation drops the process's hold on the key's newer
 * reservation, so a shutdown past SHUTDOWN_GRACE_SECONDS no longer frees it.
 *
 * Review r1262 found: in server/http/idempotency.ts `answerOnce`, the release retried in the background
 * (`releaseLater(releaseNow)`) calls `settled()` = `held.letGo(scope, key)` once it succeeds.
 * `letGo` forgets the key by (scope, key) alone, not by reservation. When the first try of the
 * release landed but its answer was lost (a connection closed by DATABASE_QUERY_TIMEOUT_SECONDS
 * after the UPDATE), the client's retry takes the released key over in this same process and
 * `hold`s it anew; a second later the background retry of the old release succeeds (it matches no
 * row: the reservation it names was replaced) and `letGo` removes the *new* request's hold.
 *
 * Suffered: README "Idempotency-Key": "a first request still running when its process stopped past
 * SHUTDOWN_GRACE_SECONDS frees its key at that shutdown". Here the shutdown's `releaseAll` skips
 * it: every retry of that merchant request (a saved-card charge after a deploy) meets 409
 * `idempotency_in_progress` for ten minutes (ABANDONED_RESERVATION_MS).
 *
 * letGo now names the reservation too, and forgets a hold only while it is that one's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { heldIdempotencyKeys, idempotency } from '../../../server/http/idempotency.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

describe('the background release of an old reservation and the hold of the key’s takeover', () => {
  let database: TestDatabase;
  let repository: Repository;

  before(async () => {
    database = await createTestDatabase('sqlite');
    repository = (await openTestRepository(database)).repository;
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  it('the takeover still running is still held, and a shutdown’s releaseAll frees its key', async () => {
    let loseNextReleaseAnswer = true;
    // The release's UPDATE lands, its answer is lost once (the connection closed under it).
    const flaky = new Proxy(repository, {
      get(target, property, receiver) {
        if (property === 'releaseIdempotencyKey')
          return async (scope: string, key: string, reservedAt: string) => {
            await target.releaseIdempotencyKey(scope, key, reservedAt);
            if (loseNextReleaseAnswer) {
              loseNextReleaseAnswer = false;
              throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
            }
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Repository;
    const held = heldIdempotencyKeys();
    let calls = 0;
    let secondStarted!: () => void;
    const secondRunning = new Promise<void>((resolve) => (secondStarted = resolve));
    let finishSecond!: () => void;
    const secondMayFinish = new Promise<void>((resolve) => (finishSecond = resolve));

    const app = new Hono();
    app.onError((_error, c) => c.json({ error: { code: 'internal_error' } }, 503));
    app.use('/charge', idempotency({ repository: flaky, held }) as never);
    app.post('/charge', async (c) => {
      calls += 1;
      if (calls === 1) return c.json({ error: { code: 'service_unavailable' } }, 503); // the first try fails
      secondStarted();
      await secondMayFinish; // the retry's DirectLink call, still running at shutdown
      return c.json({ id: 'charge_1' }, 201);
    });
    const post = () =>
      app.request('/charge', {
        method: 'POST',
        headers: { 'idempotency-key': 'k-1', 'content-type': 'application/json' },
        body: '{"amount":1000}',
      });

    const first = await post();
    assert.ok(first.status >= 500, `the first request fails (${first.status})`);
    const second = post(); // the client's retry: takes the released key over
    await secondRunning;
    assert.equal(held.size, 1, 'the retry holds its key');
    // The background retry of the first release runs after 1 s (RELEASE_RETRY_DELAYS_MS[0]).
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.equal(held.size, 1, 'the retry, still running, still holds its key after the old release settled');

    // Shutdown past its grace period: the running request is stopped, its key freed.
    const released = await held.releaseAll(repository);
    assert.equal(released, 1, 'releaseAll frees the key of the request still running');
    const afterShutdown = await repository.reserveIdempotencyKey('POST /charge', 'k-1', 'anything');
    assert.notEqual(
      afterShutdown.kind === 'existing' && afterShutdown.record.statusCode,
      0,
      'the key is not left "in progress" for ten minutes',
    );
    finishSecond();
    await second;
  });
});
