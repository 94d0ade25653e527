/**
 * `POST /api/events/:id/redeliver` and `POST /api/events/ping` against a real webhook endpoint
 * (test/support/webhook-receiver.ts verifies every signature with server/webhooks/verify.ts), over
 * SQLite and PostgreSQL, with the dispatcher run by hand so each attempt is counted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { verifyWebhookSignature } from '../../../server/webhooks/verify.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const SECRET = TEST_ENV.WEBHOOK_SECRET;
/** Short enough that a test can step the manual clock past the whole retry window. */
const BACKOFF = { baseMs: 1_000, maxMs: 4_000, giveUpAfterMs: 60_000 };

interface EventBody {
  id: string;
  type: string;
  livemode: boolean;
  delivery: { status: string; attempts: number; nextAttemptAt: string | null; lastError: string | null };
  deliveries: Array<{ statusCode: number | null; ok: boolean; error: string | null }>;
}

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** An endpoint that verifies the signature like a merchant would, then answers 500 anyway. */
async function startFailingEndpoint(): Promise<{ url: string; verified: string[]; close(): Promise<void> }> {
  const verified: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['ogone-checkout-signature'] as string | undefined;
      if (verifyWebhookSignature({ body, header, secret: SECRET }).valid) verified.push((JSON.parse(body) as { type: string }).type);
      res.writeHead(500).end('down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, verified, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

for (const kind of DATABASE_KINDS) {
  describe(`webhook redelivery and ping on ${kind}`, () => {
    let database: TestDatabase;
    let receiver: WebhookReceiver;
    let t: TestApp;
    let dispatcher: WebhookDispatcher;

    before(async () => {
      database = await createTestDatabase(kind);
      receiver = await startWebhookReceiver(SECRET);
      t = await createTestApp(database, { env: { WEBHOOK_URL: receiver.url } });
      // The receiver checks signature timestamps against the real time (300 s of tolerance): the
      // manual clock starts now and the tests move it less than that in all.
      t.clock.set(new Date());
      dispatcher = createWebhookDispatcher({
        repository: t.repository,
        url: receiver.url,
        secret: SECRET,
        clock: t.clock,
        logger: silentLogger(),
        backoff: BACKOFF,
        random: () => 0,
      });
    });
    after(async () => {
      await dispatcher.close();
      await t.close();
      await receiver.close();
      await database.drop();
    });

    async function newEvent(reference: string): Promise<string> {
      const [event] = await t.repository.insertEvents([{ type: 'payment.captured', reference, data: { reference, state: 'captured' } }]);
      return event!.id;
    }

    async function getEvent(id: string): Promise<EventBody> {
      const response = await t.api(`/api/events/${id}`);
      assert.equal(response.status, 200);
      return (await response.json()) as EventBody;
    }

    const redeliver = (id: string, headers: Record<string, string> = {}) =>
      t.api(`/api/events/${id}/redeliver`, { method: 'POST', headers });

    it('redelivers an event whose delivery gave up: a fresh attempt now, and the receiver sees it once', async () => {
      const id = await newEvent('RD-GAVE-UP');
      await receiver.down();
      assert.equal(await dispatcher.runOnce(), 1);
      t.clock.advance(BACKOFF.giveUpAfterMs);
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal((await getEvent(id)).delivery.status, 'failed');
      t.clock.advance(30_000);
      assert.equal(await dispatcher.runOnce(), 0, 'after the retry window nothing is attempted by itself');
      await receiver.up();

      const nudgesBefore = t.nudges;
      const response = await redeliver(id);
      assert.equal(response.status, 202);
      const view = (await response.json()) as EventBody;
      assert.equal(view.id, id);
      assert.equal(view.delivery.status, 'pending');
      assert.equal(view.delivery.nextAttemptAt, t.clock.now().toISOString(), 'due now');
      assert.equal(t.nudges, nudgesBefore + 1, 'the dispatcher is told at once');

      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(receiver.counts.get(id), 1);
      const delivered = await getEvent(id);
      assert.equal(delivered.delivery.status, 'delivered');
      assert.deepEqual(
        delivered.deliveries.map((d) => d.ok),
        [false, false, true],
      );
    });

    it('ten concurrent redeliveries of one event schedule exactly one extra delivery', async () => {
      const id = await newEvent('RD-CONCURRENT');
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(receiver.counts.get(id), 1);

      const responses = await Promise.all(Array.from({ length: 10 }, () => redeliver(id)));
      assert.deepEqual(
        responses.map((r) => r.status),
        Array(10).fill(202),
      );
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(await dispatcher.runOnce(), 0);
      assert.equal(receiver.counts.get(id), 2, 'delivered once more, not ten times');
      assert.equal((await getEvent(id)).deliveries.length, 2);
    });

    it('redeliveries asked while that attempt is in flight join it instead of scheduling another', async () => {
      const id = await newEvent('RD-DURING-FLIGHT');
      assert.equal(await dispatcher.runOnce(), 1);
      // A dispatcher whose POST waits until the test lets it go: the attempt is claimed, not recorded.
      let posting!: () => void;
      const posted = new Promise<void>((resolve) => (posting = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const slow = createWebhookDispatcher({
        repository: t.repository,
        url: receiver.url,
        secret: SECRET,
        clock: t.clock,
        logger: silentLogger(),
        backoff: BACKOFF,
        fetch: async (input, init) => {
          posting();
          await released;
          return fetch(input, init);
        },
      });
      assert.equal((await redeliver(id)).status, 202);
      const running = slow.runOnce();
      await posted;
      const during = await Promise.all(Array.from({ length: 9 }, () => redeliver(id)));
      assert.ok(during.every((r) => r.status === 202));
      assert.equal(await dispatcher.runOnce(), 0, 'another instance does not claim it while it is in flight');
      release();
      assert.equal(await running, 1);
      assert.equal(await dispatcher.runOnce(), 0, 'nothing left scheduled by the nine');
      assert.equal(receiver.counts.get(id), 2);
      await slow.close();
    });

    it('brings forward an event waiting for its back-off, and leaves one in flight alone', async () => {
      const id = await newEvent('RD-BACKOFF');
      await receiver.down();
      assert.equal(await dispatcher.runOnce(), 1);
      await receiver.up();
      const waiting = await getEvent(id);
      assert.equal(waiting.delivery.status, 'pending');
      assert.ok(waiting.delivery.nextAttemptAt! > t.clock.now().toISOString());
      assert.equal(await dispatcher.runOnce(), 0, 'not due yet');

      assert.equal((await redeliver(id)).status, 202);
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(receiver.counts.get(id), 1);

      // In flight: claimed by a dispatcher (another instance) whose attempt is not recorded yet.
      const inFlight = await newEvent('RD-IN-FLIGHT');
      const [claimed] = await t.repository.claimDueEvents({ limit: 10, leaseMs: 60_000 });
      assert.equal(claimed?.id, inFlight);
      const leased = (await getEvent(inFlight)).delivery.nextAttemptAt;
      const response = await redeliver(inFlight);
      assert.equal(response.status, 202);
      assert.equal(((await response.json()) as EventBody).delivery.nextAttemptAt, leased, 'the running attempt stands');
      assert.equal(await dispatcher.runOnce(), 0);
      await t.repository.recordDelivery(inFlight, { statusCode: 200, error: null, ok: true }, { status: 'delivered' });
    });

    it('answers 404 naming the id for an unknown event, and changes nothing', async () => {
      const response = await redeliver('evt_doesnotexist');
      assert.equal(response.status, 404);
      const body = (await response.json()) as ErrorBody;
      assert.equal(body.error.field, 'id');
      assert.equal(await dispatcher.runOnce(), 0);
    });

    it('replays the first answer for the same Idempotency-Key instead of scheduling again', async () => {
      const id = await newEvent('RD-IDEMPOTENT');
      assert.equal(await dispatcher.runOnce(), 1);
      const key = { 'idempotency-key': `redeliver-${id}` };
      const first = await redeliver(id, key);
      assert.equal(first.status, 202);
      const firstBody = await first.text();
      assert.equal(await dispatcher.runOnce(), 1);
      assert.equal(receiver.counts.get(id), 2);

      const replay = await redeliver(id, key);
      assert.equal(replay.status, 202);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(await replay.text(), firstBody);
      assert.equal(await dispatcher.runOnce(), 0, 'nothing scheduled by the replay');
      assert.equal((await getEvent(id)).delivery.status, 'delivered');
    });

    it('pings WEBHOOK_URL: signed, verified by the receiver, answered with its status and latency, never retried', async () => {
      const before = receiver.deliveries.length;
      const response = await t.api('/api/events/ping', { method: 'POST' });
      assert.equal(response.status, 200);
      const text = await response.text();
      assert.ok(!text.includes(SECRET), 'the secret is never in the answer');
      const body = JSON.parse(text) as { id: string; delivered: boolean; status: number | null; latencyMs: number; error?: string };
      assert.equal(body.delivered, true);
      assert.equal(body.status, 200);
      assert.equal(body.error, undefined);
      assert.ok(Number.isInteger(body.latencyMs) && body.latencyMs >= 0);

      const arrived = receiver.deliveries.slice(before);
      assert.deepEqual(
        arrived.map((event) => [event.id, event.type]),
        [[body.id, 'ping']],
      );
      assert.equal(receiver.invalid, 0, 'the signature verified with server/webhooks/verify.ts');
      const stored = await getEvent(body.id);
      assert.equal(stored.type, 'ping');
      assert.equal(stored.delivery.status, 'delivered');
      assert.equal(stored.deliveries.length, 1);
      assert.equal(await dispatcher.runOnce(), 0, 'the outbox does not send it again');
      assert.equal(receiver.counts.get(body.id), 1);
    });

    it('tells a failing endpoint (500) and an unreachable one (no status) apart', async () => {
      const failing = await startFailingEndpoint();
      const down = await startWebhookReceiver(SECRET);
      await down.down();
      try {
        for (const [url, expected] of [
          [failing.url, { status: 500, error: /^HTTP 500$/ }],
          [down.url, { status: null, error: /^network error/ }],
        ] as const) {
          const app = await createTestApp(database, { env: { WEBHOOK_URL: url } });
          app.clock.set(new Date());
          try {
            const response = await app.api('/api/events/ping', { method: 'POST' });
            assert.equal(response.status, 200);
            const body = (await response.json()) as { id: string; delivered: boolean; status: number | null; error: string };
            assert.equal(body.delivered, false);
            assert.equal(body.status, expected.status);
            assert.match(body.error, expected.error);
            assert.ok(!body.error.includes('127.0.0.1'), 'the URL (which may hold a token) is not repeated');
            const stored = (await (await app.api(`/api/events/${body.id}`)).json()) as EventBody;
            assert.equal(stored.delivery.status, 'failed', 'a ping is not retried');
          } finally {
            await app.close();
          }
        }
        assert.deepEqual(failing.verified, ['ping'], 'the failing endpoint got one ping, correctly signed');
        assert.equal(down.arrivals.length, 0);
      } finally {
        await failing.close();
        await down.close();
      }
    });

    it('answers 409 naming WEBHOOK_URL when none is configured, and writes nothing', async () => {
      const app = await createTestApp(database);
      try {
        const pingsBefore = ((await (await app.api('/api/events?type=ping&limit=100')).json()) as { data: unknown[] }).data.length;
        const response = await app.api('/api/events/ping', { method: 'POST' });
        assert.equal(response.status, 409);
        const body = (await response.json()) as ErrorBody;
        assert.equal(body.error.code, 'webhooks_not_configured');
        assert.match(body.error.message, /WEBHOOK_URL/);
        const pingsAfter = ((await (await app.api('/api/events?type=ping&limit=100')).json()) as { data: unknown[] }).data.length;
        assert.equal(pingsAfter, pingsBefore);
      } finally {
        await app.close();
      }
    });
  });
}
