/**
 * POST /api/events/:id/redeliver (repository.redeliverEvent) decides "an attempt is in flight" by
 * `attempts > recorded attempts`. An instance that died (deploy, OOM, kill -9) between claiming an
 * event and recording its attempt left attempts one ahead of the recorded ones FOR GOOD: from then
 * on the event, pending and waiting out a back-off (up to an hour), was never in flight, yet every
 * redeliver left it waiting (README: "a new delivery attempt now"). Recording an attempt now sets
 * `attempts` to the attempts recorded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

for (const kind of DATABASE_KINDS) {
  describe(`redeliver after an instance died mid-delivery, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: Server;
    let url: string;
    let answer = 500;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      receiver = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(answer).end());
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    });
    after(async () => {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
      await repository?.close();
      await database?.drop();
    });

    it('brings a pending event waiting for its back-off forward, even after a lost attempt', async () => {
      const [event] = await repository.insertEvents([
        { type: 'payment.captured', reference: `R-${kind}`, data: { reference: `R-${kind}` } },
      ]);
      // An instance claims the event and dies before recording its attempt.
      assert.equal((await repository.claimDueEvents({ limit: 10, leaseMs: 60_000 })).length, 1);
      clock.advance(61_000);

      // A live instance takes it after the lease; the endpoint answers 500: back-off 10 s.
      const dispatcher = createWebhookDispatcher({ repository, url, secret: SECRET, clock, logger: silentLogger(), random: () => 0 });
      assert.equal(await dispatcher.runOnce(), 1);
      const failed = await repository.getEvent(event!.id);
      assert.equal(failed?.status, 'pending');
      assert.ok(failed!.nextAttemptAt > clock.now().toISOString(), 'waiting for its back-off, not in flight');

      // The merchant fixed the endpoint and asks for a redelivery now.
      answer = 204;
      const redelivered = await repository.redeliverEvent(event!.id);
      assert.equal(
        redelivered?.nextAttemptAt,
        clock.now().toISOString(),
        `redeliver left the event waiting until ${redelivered?.nextAttemptAt} (attempts ${redelivered?.attempts}, recorded ${redelivered?.deliveries.length})`,
      );
      assert.equal(await dispatcher.runOnce(), 1, 'the redelivery goes out now');
      await dispatcher.close();
    });
  });
}
