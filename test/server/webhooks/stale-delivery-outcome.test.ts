/**
 * Two instances on one PostgreSQL database. Instance A claims e1 (the first of a payment's two
 * events), its POST gets a 503 (a short outage), and A's write of that outcome stalls in the
 * database past the 60 s lease (a busy pool). Instance B takes e1 over, as designed, delivers it
 * and then e2. A's stalled result lands last: it is kept as an attempt, but must not turn B's
 * `delivered` back to pending — which posted e1 again after e2, against the README's "a payment's
 * own events go one after another, in order" (repository/outbox.ts recordDelivery's lease).
 *
 * And one instance alone (the usual deployment): its write of a 204 stalls past the lease, its own
 * next poll re-claims the event (not posting it, as it is in flight). That write must still count —
 * the lease is read as the write is made — or the delivered event stayed pending and went out twice.
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

describe('a stale delivery outcome after the lease was taken over, on postgres', () => {
  let database: TestDatabase;
  let repoA: Repository;
  let repoB: Repository;
  let server: Server;
  let url: string;
  const posts: Array<{ id: string; type: string }> = [];
  const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase('postgres');
    ({ repository: repoA } = await openTestRepository(database, clock));
    ({ repository: repoB } = await openTestRepository(database, clock));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; type: string };
        posts.push(event);
        // The very first POST meets a short outage; every later one is accepted.
        res.writeHead(posts.length === 1 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await repoA?.close();
    await repoB?.close();
    await database?.drop();
  });

  it('never turns a delivered event back to pending, nor sends it again after the next event', async () => {
    const [e1, e2] = await repoA.insertEvents([
      { type: 'payment.authorized', reference: 'PAY-1', data: { reference: 'PAY-1' } },
      { type: 'payment.captured', reference: 'PAY-1', data: { reference: 'PAY-1' } },
    ]);

    // Instance A: its database write of the outcome stalls until released.
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let recordEntered!: () => void;
    const entered = new Promise<void>((resolve) => (recordEntered = resolve));
    const slowRepoA: Repository = Object.create(repoA);
    slowRepoA.recordDelivery = async (...args: Parameters<Repository['recordDelivery']>) => {
      recordEntered();
      await stalled;
      return repoA.recordDelivery(...args);
    };
    const dispatcherA = createWebhookDispatcher({
      repository: slowRepoA,
      url,
      secret: SECRET,
      clock,
      logger: silentLogger(),
      random: () => 0,
      leaseMs: 60_000,
    });
    const dispatcherB = createWebhookDispatcher({
      repository: repoB,
      url,
      secret: SECRET,
      clock,
      logger: silentLogger(),
      random: () => 0,
      leaseMs: 60_000,
    });

    const runA = dispatcherA.runOnce();
    await entered; // A posted e1 (503) and is writing the outcome
    assert.deepEqual(
      posts.map((p) => p.id),
      [e1!.id],
    );

    // A's write outlasts the 60 s lease: B takes e1 over, delivers it, then e2.
    clock.advance(61_000);
    assert.equal(await dispatcherB.runOnce(), 1);
    assert.equal(await dispatcherB.runOnce(), 1);
    assert.equal((await repoB.getEvent(e1!.id))?.status, 'delivered');
    assert.equal((await repoB.getEvent(e2!.id))?.status, 'delivered');

    // A's stale outcome lands.
    release();
    await runA;
    const e1After = await repoB.getEvent(e1!.id);

    // Whatever A recorded, later polls must not send e1 again after e2.
    clock.advance(20_000);
    await dispatcherB.runOnce();
    await dispatcherB.runOnce();
    await dispatcherA.close();
    await dispatcherB.close();

    const order = posts.map((p) => (p.id === e1!.id ? 'e1' : p.id === e2!.id ? 'e2' : p.id));
    assert.equal(
      e1After?.status,
      'delivered',
      `e1 was delivered by B, then A's stale outcome set it to ${e1After?.status} (lastError ${e1After?.lastError}); POSTs: ${order.join(', ')}`,
    );
    assert.ok(order.lastIndexOf('e1') < order.indexOf('e2'), `e1 was posted after e2: ${order.join(', ')}`);
  });
});

for (const kind of DATABASE_KINDS) {
  describe(`one instance whose delivered write stalls past the lease, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    it('records the delivered event as delivered and never posts it again', async () => {
      const [e1] = await repository.insertEvents([{ type: 'payment.captured', reference: 'PAY-STALL', data: { reference: 'PAY-STALL' } }]);
      const posts: string[] = [];
      const fakeFetch = (async (_url: unknown, init?: RequestInit) => {
        posts.push(JSON.parse(String(init?.body)).id);
        return new Response(null, { status: 204 });
      }) as typeof fetch;

      let release!: () => void;
      const stalled = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const writing = new Promise<void>((resolve) => (entered = resolve));
      let stallNext = true;
      const slow: Repository = Object.create(repository);
      slow.recordDelivery = async (...args: Parameters<Repository['recordDelivery']>) => {
        if (stallNext) {
          stallNext = false;
          entered();
          await stalled;
        }
        return repository.recordDelivery(...args);
      };
      const dispatcher = createWebhookDispatcher({
        repository: slow,
        url: 'http://127.0.0.1:9/hooks',
        secret: SECRET,
        clock,
        logger: silentLogger(),
        fetch: fakeFetch,
        random: () => 0,
        leaseMs: 60_000,
      });
      try {
        const first = dispatcher.runOnce();
        await writing; // e1 posted, 204; the write of "delivered" is stalled
        assert.deepEqual(posts, [e1!.id]);

        // The write outlasts the 60 s lease: the same instance's next poll claims e1 again (not posted).
        clock.advance(61_000);
        await dispatcher.runOnce();
        assert.deepEqual(posts, [e1!.id], 'not posted twice while in flight');

        release();
        await first;
        const recorded = await repository.getEvent(e1!.id);

        // Later polls.
        clock.advance(61_000);
        await dispatcher.runOnce();
        assert.equal(
          recorded?.status,
          'delivered',
          `e1 was answered 204 but is ${recorded?.status} (attempts recorded ${recorded?.deliveries.length}); POSTs of it: ${posts.length}`,
        );
        assert.equal(posts.length, 1, `e1, answered 204 once, was posted ${posts.length} times`);
      } finally {
        release();
        await dispatcher.close();
      }
    });
  });
}
