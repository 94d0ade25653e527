/**
 * runOnce() ("claims due events for the free delivery slots") read the free slots before its
 * claim's await: two runOnce() calls, or runOnce() beside the started loop, each saw every slot
 * free and together put more than batchSize deliveries in flight. And runOnce() ignored close():
 * it claimed and posted after close() had resolved (the repository may be closed by then).
 * Production drives the dispatcher with start()/nudge(); runOnce is the tests' and tools' API.
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
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';
const kind = 'postgres';

describe(`runOnce and the slot pool, on ${kind}`, () => {
  let database: TestDatabase;
  let repository: Repository;
  let receiver: Server;
  let url: string;
  const held: ServerResponse[] = [];
  let open = 0;
  let mostOpen = 0;
  let posts = 0;
  const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase(kind);
    ({ repository } = await openTestRepository(database, clock));
    receiver = createServer((req, res) => {
      posts += 1;
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      res.on('close', () => (open -= 1));
      req.resume();
      req.on('end', () => held.push(res));
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

  it('never has more than batchSize deliveries in flight, and runs nothing after close()', async () => {
    await repository.insertEvents(
      Array.from({ length: 8 }, (_, i) => ({ type: 'payment.captured', reference: `P-${i}`, data: { reference: `P-${i}` } })),
    );
    const dispatcher = createWebhookDispatcher({
      repository,
      url,
      secret: SECRET,
      clock,
      logger: silentLogger(),
      batchSize: 2,
      timeoutMs: 60_000,
    });
    const runs = [dispatcher.runOnce(), dispatcher.runOnce()];
    for (let waited = 0; held.length < 4 && waited < 2_000; waited += 20) await sleep(20);
    const inFlightAtOnce = mostOpen;
    for (const res of held.splice(0)) res.writeHead(204).end();
    await Promise.all(runs);
    await dispatcher.close();
    const before = posts;
    const late = dispatcher.runOnce().catch((error: Error) => error.message);
    for (let waited = 0; held.length < 2 && waited < 1_000; waited += 20) await sleep(20);
    for (const res of held.splice(0)) res.writeHead(204).end();
    const afterClose = await late;
    assert.deepEqual(
      { inFlightAtOnce, postedAfterClose: posts - before, afterClose },
      { inFlightAtOnce: 2, postedAfterClose: 0, afterClose: 0 },
    );
  });
});
