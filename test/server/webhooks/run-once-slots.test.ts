/**
 * runOnce() ("claims due events for the free delivery slots") read the free slots before its
 * claim's await: two runOnce() calls, or runOnce() beside the started loop, each saw every slot
 * free and together put more than batchSize deliveries in flight. And runOnce() ignored close():
 * it claimed and posted after close() had resolved (the repository may be closed by then).
 * Production drives the dispatcher with start()/nudge(); runOnce is the tests' and tools' API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { eventually } from '../../support/waiting.ts';
import { startReceiver, type TestReceiver } from './receiver.ts';

const SECRET = 'whsec_0123456789abcdef0123';
const kind = 'postgres';

describe(`runOnce and the slot pool, on ${kind}`, () => {
  let database: TestDatabase;
  let repository: Repository;
  let receiver: TestReceiver;
  const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase(kind);
    ({ repository } = await openTestRepository(database, clock));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await repository?.close();
    await database?.drop();
  });

  it('never has more than batchSize deliveries in flight, and runs nothing after close()', async () => {
    await repository.insertEvents(
      Array.from({ length: 8 }, (_, i) => ({ type: 'payment.captured', reference: `P-${i}`, data: { reference: `P-${i}` } })),
    );
    const dispatcher = createWebhookDispatcher({
      repository,
      url: receiver.url,
      secret: SECRET,
      clock,
      logger: silentLogger(),
      batchSize: 2,
      timeoutMs: 60_000,
    });
    const runs = [dispatcher.runOnce(), dispatcher.runOnce()];
    await eventually(
      () => receiver.held.length,
      (n) => n >= 2,
      'two deliveries open',
    );
    // More, if two claims overfilled the slots, would arrive meanwhile.
    await sleep(300);
    const inFlightAtOnce = receiver.mostOpen();
    for (const res of receiver.held.splice(0)) res.writeHead(204).end();
    await Promise.all(runs);
    await dispatcher.close();
    const before = receiver.posts.length;
    const late = dispatcher.runOnce();
    await sleep(300);
    for (const res of receiver.held.splice(0)) res.writeHead(204).end();
    const afterClose = await late;
    assert.deepEqual(
      { inFlightAtOnce, postedAfterClose: receiver.posts.length - before, afterClose },
      { inFlightAtOnce: 2, postedAfterClose: 0, afterClose: 0 },
    );
  });
});
