/**
 * The dispatcher keeps `batchSize` deliveries in flight, not one batch at a time: before, a batch
 * waited for its slowest POST (up to the 10 s timeout), so one slow answer from the merchant's
 * endpoint held back every other payment's events behind it. At close, a POST in flight is cut
 * rather than waited for (review r1737): recorded not delivered, and sent again after the restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWebhookDispatcher, CUT_AT_STOP_ERROR } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { eventually } from '../../support/waiting.ts';
import { startReceiver, type TestReceiver } from './receiver.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

for (const kind of DATABASE_KINDS) {
  describe(`webhook dispatcher with a slow receiver on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: TestReceiver;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));
    // The slow payment's endpoint answers only when the test lets it.
    const delivered = () => receiver.posts.filter((event) => !event.data.reference.startsWith('SLOW')).map((event) => event.data.reference);

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      receiver = await startReceiver((event) => event.data.reference.startsWith('SLOW'));
    });
    after(async () => {
      await receiver?.close();
      await repository?.close();
      await database?.drop();
    });

    it('delivers other payments while one answer is slow, with at most batchSize in flight', async () => {
      const [slow] = await repository.insertEvents([
        { type: 'payment.captured', reference: `SLOW-${kind}`, data: { reference: `SLOW-${kind}` } },
      ]);
      const fast = Array.from({ length: 25 }, (_, i) => `F-${kind}-${i}`);
      await repository.insertEvents(fast.map((reference) => ({ type: 'payment.captured', reference, data: { reference } })));
      const dispatcher = createWebhookDispatcher({
        repository,
        url: receiver.url,
        secret: SECRET,
        clock,
        logger: silentLogger(),
        batchSize: 4,
        pollIntervalMs: 20,
        // Longer than the test: the slow answer is slow, not timed out.
        timeoutMs: 60_000,
      });
      dispatcher.start();
      try {
        await eventually(
          () => delivered().length,
          (n) => n >= fast.length,
          'every other payment delivered while one answer hangs',
        );
        assert.deepEqual(delivered().sort(), [...fast].sort(), 'every other payment is delivered while one answer hangs');
        assert.equal(receiver.held.length, 1, 'the slow event was sent once');
        assert.ok(receiver.mostOpen() <= 4, `at most batchSize deliveries at once (saw ${receiver.mostOpen()})`);
        assert.equal((await repository.getEvent(slow!.id))?.status, 'pending');

        receiver.held[0]!.writeHead(204).end();
        await eventually(
          () => repository.getEvent(slow!.id),
          (event) => event?.status === 'delivered',
          'the slow event delivered once answered',
        );
      } finally {
        await dispatcher.close();
      }
    });

    it('close() cuts a delivery in flight: recorded not delivered, due again at once, the same event sent later', async () => {
      const [event] = await repository.insertEvents([
        { type: 'payment.captured', reference: `SLOW-close-${kind}`, data: { reference: `SLOW-close-${kind}` } },
      ]);
      const dispatcher = createWebhookDispatcher({
        repository,
        url: receiver.url,
        secret: SECRET,
        clock,
        logger: silentLogger(),
        pollIntervalMs: 20,
        timeoutMs: 60_000,
      });
      const before = receiver.held.length;
      dispatcher.start();
      await eventually(
        () => receiver.held.length,
        (n) => n === before + 1,
        'the delivery sent',
      );
      // Waited for, the POST held close() up to its timeout, past serve's stop deadline (review r1737).
      const started = Date.now();
      await dispatcher.close();
      assert.ok(Date.now() - started < 5_000, `close() returns without waiting for the answer (${Date.now() - started} ms)`);
      const cut = await repository.getEvent(event!.id);
      assert.equal(cut?.status, 'pending', 'not delivered: left to be sent again');
      assert.ok(cut!.nextAttemptAt <= clock.now().toISOString(), `due again at once (${cut!.nextAttemptAt})`);
      assert.deepEqual(
        cut!.deliveries.map((attempt) => [attempt.ok, attempt.statusCode, attempt.error]),
        [[false, null, CUT_AT_STOP_ERROR]],
        'the cut attempt is recorded, without an answer',
      );
      // The endpoint answers the cut POST too late: nothing changes.
      receiver.held.at(-1)!.writeHead(204).end();

      // The next start (here, another dispatcher) sends the same event and records it delivered.
      const posted = receiver.posts.length;
      const next = createWebhookDispatcher({ repository, url: receiver.url, secret: SECRET, clock, logger: silentLogger() });
      try {
        const delivery = next.runOnce();
        await eventually(
          () => receiver.held.length,
          (n) => n === before + 2,
          'the event sent again',
        );
        assert.equal(receiver.posts.at(-1)?.id, event!.id, 'the same event id: at least once');
        assert.equal(receiver.posts.length, posted + 1);
        receiver.held.at(-1)!.writeHead(204).end();
        await delivery;
        assert.equal((await repository.getEvent(event!.id))?.status, 'delivered');
      } finally {
        await next.close();
      }
    });
  });
}
