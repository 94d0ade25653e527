/**
 * The dispatcher keeps `batchSize` deliveries in flight, not one batch at a time: before, a batch
 * waited for its slowest POST (up to the 10 s timeout), so one slow answer from the merchant's
 * endpoint held back every other payment's events behind it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { eventually } from '../../support/waiting.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

for (const kind of DATABASE_KINDS) {
  describe(`webhook dispatcher with a slow receiver on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: Server;
    let url: string;
    const delivered: string[] = [];
    const held: ServerResponse[] = [];
    let open = 0;
    let mostOpen = 0;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      receiver = createServer((req, res) => {
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        res.on('close', () => (open -= 1));
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { reference: string } };
          // The slow payment's endpoint answers only when the test lets it.
          if (body.data.reference.startsWith('SLOW')) held.push(res);
          else {
            delivered.push(body.data.reference);
            res.writeHead(204).end();
          }
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    });
    after(async () => {
      for (const res of held) res.destroy();
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
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
        url,
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
          () => delivered.length,
          (n) => n >= fast.length,
          'every other payment delivered while one answer hangs',
        );
        assert.deepEqual([...delivered].sort(), [...fast].sort(), 'every other payment is delivered while one answer hangs');
        assert.equal(held.length, 1, 'the slow event was sent once');
        assert.ok(mostOpen <= 4, `at most batchSize deliveries at once (saw ${mostOpen})`);
        assert.equal((await repository.getEvent(slow!.id))?.status, 'pending');

        held[0]!.writeHead(204).end();
        await eventually(
          () => repository.getEvent(slow!.id),
          (event) => event?.status === 'delivered',
          'the slow event delivered once answered',
        );
      } finally {
        await dispatcher.close();
      }
    });

    it('close() waits for the deliveries in flight, and records them', async () => {
      const [event] = await repository.insertEvents([
        { type: 'payment.captured', reference: `SLOW-close-${kind}`, data: { reference: `SLOW-close-${kind}` } },
      ]);
      const dispatcher = createWebhookDispatcher({
        repository,
        url,
        secret: SECRET,
        clock,
        logger: silentLogger(),
        pollIntervalMs: 20,
        timeoutMs: 60_000,
      });
      const before = held.length;
      dispatcher.start();
      await eventually(
        () => held.length,
        (n) => n === before + 1,
        'the delivery sent',
      );
      let closed = false;
      const closing = dispatcher.close().then(() => (closed = true));
      await sleep(100);
      assert.equal(closed, false, 'close() does not return while a delivery is in flight');
      held.at(-1)!.writeHead(204).end();
      await closing;
      assert.equal((await repository.getEvent(event!.id))?.status, 'delivered', 'its outcome is recorded before close() returns');
    });
  });
}
