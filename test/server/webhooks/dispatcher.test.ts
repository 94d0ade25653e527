/** Webhook signing, the merchant's verification helper, and the dispatcher over real HTTP. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffDelay, createWebhookDispatcher, DEFAULT_BACKOFF } from '../../../server/webhooks/dispatcher.ts';
import { signatureHeader } from '../../../server/webhooks/signature.ts';
import { verifyWebhookSignature } from '../../../server/webhooks/verify.ts';
import { silentLogger } from '../../../server/logger.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = 'whsec_0123456789abcdef0123';

describe('verifyWebhookSignature', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'payment.captured', created: '2025-01-01T00:00:00.000Z', data: { amount: 1999 } });
  const t = 1_750_000_000;
  it('accepts a genuine signature and refuses tampering, age, wrong secret, bad headers', () => {
    const header = signatureHeader([SECRET], t, body);
    assert.match(header, /^t=1750000000,v1=[0-9a-f]{64}$/);
    assert.deepEqual(verifyWebhookSignature({ body, header, secret: SECRET, now: t + 10 }), { valid: true, timestamp: t });
    assert.deepEqual(verifyWebhookSignature({ body: body.replace('1999', '1'), header, secret: SECRET, now: t }), {
      valid: false,
      reason: 'signature mismatch',
    });
    assert.deepEqual(verifyWebhookSignature({ body, header, secret: 'another-secret-of-length', now: t }), {
      valid: false,
      reason: 'signature mismatch',
    });
    assert.deepEqual(verifyWebhookSignature({ body, header, secret: SECRET, now: t + 301 }), {
      valid: false,
      reason: 'timestamp outside tolerance',
    });
    assert.deepEqual(verifyWebhookSignature({ body, header: undefined, secret: SECRET }), { valid: false, reason: 'missing header' });
    assert.deepEqual(verifyWebhookSignature({ body, header: 'v1=abc', secret: SECRET }), { valid: false, reason: 'malformed header' });
    // The timestamp is signed: moving it breaks the signature.
    const moved = header.replace(`t=${t}`, `t=${t + 5}`);
    assert.deepEqual(verifyWebhookSignature({ body, header: moved, secret: SECRET, now: t }), {
      valid: false,
      reason: 'signature mismatch',
    });
    // Secret rotation: any v1 may match.
    const rotated = `${header},v1=${'0'.repeat(64)}`;
    assert.equal(verifyWebhookSignature({ body, header: rotated, secret: SECRET, now: t }).valid, true);
  });

  it('backs off exponentially up to the cap, and the retry window exceeds 24 hours', () => {
    const zero = () => 0;
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffDelay(n, DEFAULT_BACKOFF, zero)),
      [10_000, 20_000, 40_000, 80_000],
    );
    assert.equal(backoffDelay(30, DEFAULT_BACKOFF, zero), DEFAULT_BACKOFF.maxMs);
    assert.ok(DEFAULT_BACKOFF.giveUpAfterMs >= 24 * 3600_000);
    assert.ok(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999) <= 12_000, 'jitter adds at most 20%');
    // Never more than the cap, jitter included (README: "at most an hour apart").
    for (const attempts of [9, 10, 11, 30])
      assert.ok(backoffDelay(attempts, DEFAULT_BACKOFF, () => 0.999) <= DEFAULT_BACKOFF.maxMs, String(attempts));
  });
});

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

for (const kind of DATABASE_KINDS) {
  describe(`webhook dispatcher on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let receiver: Server;
    let url: string;
    const received: Received[] = [];
    let answer = 200;
    const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(answer).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    });
    after(async () => {
      await new Promise((resolve) => receiver.close(resolve));
      await repository?.close();
      await database?.drop();
    });

    it('delivers signed events the receiver can verify, retries with back-off, keeps order per payment', async () => {
      const dispatcher = createWebhookDispatcher({ repository, url, secret: SECRET, clock, logger: silentLogger(), random: () => 0 });
      const [first, second] = await repository.insertEvents([
        { type: 'payment.pending', reference: `W-${kind}`, data: { reference: `W-${kind}`, state: 'pending' } },
        { type: 'payment.captured', reference: `W-${kind}`, data: { reference: `W-${kind}`, state: 'captured' } },
      ]);

      answer = 500;
      assert.equal(await dispatcher.runOnce(), 1, 'only the first event of the payment goes out');
      assert.equal(received.length, 1);
      let stored = await repository.getEvent(first!.id);
      assert.equal(stored?.status, 'pending');
      assert.equal(stored?.lastError, 'HTTP 500');
      assert.equal(stored?.nextAttemptAt, new Date(clock.now().getTime() + 10_000).toISOString());
      assert.equal(await dispatcher.runOnce(), 0, 'nothing is due before the back-off');

      clock.advance(10_000);
      answer = 204;
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(await dispatcher.runOnce(), 1, 'then the second');
      assert.equal(received.length, 3);
      const bodies = received.map((r) => JSON.parse(r.body) as { id: string; type: string; created: string; data: unknown });
      assert.deepEqual(
        bodies.map((b) => b.id),
        [first!.id, first!.id, second!.id],
        'same id on retry: receivers deduplicate',
      );
      // livemode: false unless the server talks to Ogone's production platform (issue 13).
      assert.deepEqual(bodies[2], {
        id: second!.id,
        type: 'payment.captured',
        created: second!.createdAt,
        livemode: false,
        data: { reference: `W-${kind}`, state: 'captured' },
      });
      for (const delivery of received) {
        const header = delivery.headers['ogone-checkout-signature'] as string;
        assert.deepEqual(
          verifyWebhookSignature({ body: delivery.body, header, secret: SECRET, now: Math.floor(clock.now().getTime() / 1000) }).valid,
          true,
        );
        assert.equal(delivery.headers['content-type'], 'application/json');
      }
      stored = await repository.getEvent(first!.id);
      assert.equal(stored?.status, 'delivered');
      assert.deepEqual(
        stored?.deliveries.map((d) => [d.statusCode, d.ok]),
        [
          [500, false],
          [204, true],
        ],
      );
      await dispatcher.close();
    });

    it('records network errors and gives up after the retry window', async () => {
      const dispatcher = createWebhookDispatcher({
        repository,
        url: 'http://127.0.0.1:9/unreachable',
        secret: SECRET,
        clock,
        logger: silentLogger(),
        random: () => 0,
        backoff: { baseMs: 1000, maxMs: 4000, giveUpAfterMs: 10_000 },
      });
      const [event] = await repository.insertEvents([{ type: 'payment.error', reference: `GONE-${kind}`, data: {} }]);
      let attempts = 0;
      for (let i = 0; i < 20; i++) {
        attempts += await dispatcher.runOnce();
        const current = await repository.getEvent(event!.id);
        if (current?.status !== 'pending') break;
        clock.advance(4000);
      }
      const final = await repository.getEvent(event!.id);
      assert.equal(final?.status, 'failed');
      assert.match(final?.lastError ?? '', /network error/);
      assert.ok(attempts >= 3 && attempts <= 5, `attempts: ${attempts}`);
      assert.equal(final?.deliveries.length, attempts);
      await dispatcher.close();
    });

    // Several instances share one PostgreSQL. (Two better-sqlite3 connections in ONE process
    // would block the event loop on each other's write lock, so SQLite is one instance.)
    if (kind === 'postgres')
      it('two dispatchers on one database never deliver an event twice at once', async () => {
        answer = 200;
        const before = received.length;
        const drafts = Array.from({ length: 12 }, (_, i) => ({ type: 'payment.captured', reference: `PAR-${kind}-${i}`, data: { i } }));
        await repository.insertEvents(drafts);
        const { repository: other } = await openTestRepository(database, clock);
        try {
          const a = createWebhookDispatcher({ repository, url, secret: SECRET, clock, logger: silentLogger(), batchSize: 4 });
          const b = createWebhookDispatcher({ repository: other, url, secret: SECRET, clock, logger: silentLogger(), batchSize: 4 });
          let total = 0;
          for (let round = 0; round < 5; round++) total += (await Promise.all([a.runOnce(), b.runOnce()])).reduce((x, y) => x + y, 0);
          assert.equal(total, 12);
          const ids = received.slice(before).map((r) => (JSON.parse(r.body) as { id: string }).id);
          assert.equal(ids.length, 12);
          assert.equal(new Set(ids).size, 12);
        } finally {
          await other.close();
        }
      });
  });
}
