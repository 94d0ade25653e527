/**
 * An instance never posts an event a second time while its first POST of it is still open. With
 * the slot pool (commit 666a7ee) it re-claimed an event IT was still delivering once the event's
 * lease had run out, and posted it again; the batch loop could not (it waited for its batch before
 * claiming again). The lease hides an in-flight event from OTHER instances; the dispatcher itself
 * knows the id is in flight. Advancing the manual clock past the 60 s lease stands for a delivery
 * that outlasts the lease (a stalled recordDelivery, or a timeoutMs configured above leaseMs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { eventually } from '../../support/waiting.ts';
import { startReceiver, type TestReceiver } from './receiver.ts';

const SECRET = 'whsec_0123456789abcdef0123';

for (const kind of DATABASE_KINDS) {
  describe(`lease expiry while this instance is still delivering, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: TestReceiver;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

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

    it('does not post an event a second time while its first POST is still in flight', async () => {
      const [slow] = await repository.insertEvents([
        { type: 'payment.captured', reference: `SLOW-${kind}`, data: { reference: `SLOW-${kind}` } },
      ]);
      const dispatcher = createWebhookDispatcher({
        repository,
        url: receiver.url,
        secret: SECRET,
        clock,
        logger: silentLogger(),
        pollIntervalMs: 20,
        timeoutMs: 120_000,
        leaseMs: 60_000,
      });
      dispatcher.start();
      try {
        await eventually(
          () => receiver.held.length,
          (n) => n === 1,
          'the slow event being delivered',
        );
        // The delivery outlasts its 60 s lease.
        clock.advance(61_000);
        await sleep(500);
        const sent = receiver.posts.filter((event) => event.id === slow!.id).length;
        assert.equal(
          sent,
          1,
          `the event still in flight was posted ${sent} times by the same instance (at most ${receiver.mostOpenOfOneEvent()} POSTs of it open at once)`,
        );
        // Its answer then counts, under the lease the re-claim renewed: delivered, not due again.
        for (const res of receiver.held) if (!res.writableEnded) res.writeHead(204).end();
        await eventually(
          async () => (await repository.getEvent(slow!.id))?.status,
          (status) => status === 'delivered',
          'the slow event recorded delivered',
        );
      } finally {
        for (const res of receiver.held) if (!res.writableEnded) res.writeHead(204).end();
        await dispatcher.close();
      }
    });
  });
}
