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
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

for (const kind of DATABASE_KINDS) {
  describe(`lease expiry while this instance is still delivering, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: Server;
    let url: string;
    const held: ServerResponse[] = [];
    const posts: string[] = [];
    let mostOpenForOneEvent = 0;
    const openById = new Map<string, number>();
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; data: { reference: string } };
          posts.push(body.id);
          const n = (openById.get(body.id) ?? 0) + 1;
          openById.set(body.id, n);
          mostOpenForOneEvent = Math.max(mostOpenForOneEvent, n);
          res.on('close', () => {
            openById.set(body.id, (openById.get(body.id) ?? 1) - 1);
          });
          if (body.data.reference.startsWith('SLOW')) held.push(res);
          else res.writeHead(204).end();
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

    it('does not post an event a second time while its first POST is still in flight', async () => {
      const [slow] = await repository.insertEvents([
        { type: 'payment.captured', reference: `SLOW-${kind}`, data: { reference: `SLOW-${kind}` } },
      ]);
      const dispatcher = createWebhookDispatcher({
        repository,
        url,
        secret: SECRET,
        clock,
        logger: silentLogger(),
        pollIntervalMs: 20,
        timeoutMs: 120_000,
      });
      dispatcher.start();
      try {
        for (let waited = 0; held.length === 0 && waited < 5_000; waited += 20) await sleep(20);
        assert.equal(held.length, 1, 'the slow event is being delivered');
        // The delivery outlasts the 60 s lease (default leaseMs).
        clock.advance(61_000);
        await sleep(500);
        const sent = posts.filter((id) => id === slow!.id).length;
        assert.equal(
          sent,
          1,
          `the event still in flight was posted ${sent} times by the same instance (at most ${mostOpenForOneEvent} POSTs of it open at once)`,
        );
      } finally {
        for (const res of held) if (!res.writableEnded) res.writeHead(204).end();
        await dispatcher.close();
      }
    });
  });
}
