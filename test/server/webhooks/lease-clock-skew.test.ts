/**
 * Review r1010. Two instances on one PostgreSQL database whose clocks differ by 90 s — within the two
 * minutes the project allows (server/clock.ts CLOCK_SKEW_TOLERANCE_MS: "A lease one instance
 * stamps with its clock and another reads with its own must outlast what it guards by this much,
 * or an instance ahead takes it over while its holder is still at work"; the saved-card charge
 * and alias-deletion leases follow it). The webhook claim's lease (outbox.ts claimDueEvents,
 * dispatcher.ts leaseMs) is 60 s stamped with the claimant's clock and read with the other's: an
 * instance ahead takes an event another instance is posting this very moment, and the merchant's
 * endpoint has the same event open twice at once. Fix: a lease of timeoutMs +
 * CLOCK_SKEW_TOLERANCE_MS at least (or the database's now() on PostgreSQL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { eventually } from '../../support/waiting.ts';
import { startReceiver, type TestReceiver } from './receiver.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

describe('a webhook lease between instances whose clocks differ, on postgres', () => {
  let database: TestDatabase;
  let repoA: Repository;
  let repoB: Repository;
  let receiver: TestReceiver;
  const clockA = manualClock(new Date('2025-02-01T00:00:00.000Z'));
  // Instance B's clock runs 90 s ahead of A's: within CLOCK_SKEW_TOLERANCE_MS (120 s).
  const clockB = manualClock(new Date('2025-02-01T00:01:30.000Z'));

  before(async () => {
    database = await createTestDatabase('postgres');
    ({ repository: repoA } = await openTestRepository(database, clockA));
    ({ repository: repoB } = await openTestRepository(database, clockB));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await repoA?.close();
    await repoB?.close();
    await database?.drop();
  });

  it('does not post an event another instance is posting right now', async () => {
    const [event] = await repoA.insertEvents([{ type: 'payment.captured', reference: 'SKEW-1', data: { reference: 'SKEW-1' } }]);
    const options = { url: receiver.url, secret: SECRET, logger: silentLogger(), random: () => 0, timeoutMs: 5_000 };
    const dispatcherA = createWebhookDispatcher({ ...options, repository: repoA, clock: clockA });
    const dispatcherB = createWebhookDispatcher({ ...options, repository: repoB, clock: clockB });

    // A claims the event and posts it; the merchant's endpoint takes a moment to answer.
    const runA = dispatcherA.runOnce();
    await eventually(
      () => receiver.posts.length,
      (n) => n === 1,
      'A posts the event',
    );

    // B polls meanwhile: the event is A's, in flight.
    const runB = dispatcherB.runOnce();
    await eventually(
      () => receiver.posts.length,
      (n) => n >= 2,
      'a second POST',
      { timeoutMs: 1_000 },
    ).catch(() => undefined);
    const openAtOnce = receiver.mostOpenOfOneEvent();
    for (const res of receiver.held) res.writeHead(204).end();
    const [, claimedByB] = await Promise.all([runA, runB]);
    await dispatcherA.close();
    await dispatcherB.close();

    assert.equal(openAtOnce, 1, `the endpoint had ${openAtOnce} deliveries of ${event!.id} open at once`);
    assert.equal(claimedByB, 0, `instance B (clock 90 s ahead) claimed ${event!.id} while A was posting it`);
    assert.equal(receiver.posts.filter((p) => p.id === event!.id).length, 1);
  });
});
