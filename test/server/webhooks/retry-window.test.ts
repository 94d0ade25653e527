/**
 * An event is delivered within the retry window of its creation or never (README "Webhooks"):
 * events written while no WEBHOOK_URL was set are not posted as new once one is set past the
 * window — they read failed, unsent, with the reason, in GET /api/events — while those still within
 * it go out as before. A redelivery asked by hand that fails is one attempt, not 72 hours of
 * retries. An instance without WEBHOOK_URL reports no outbox backlog to Prometheus. Real HTTP
 * receivers, SQLite and PostgreSQL, the clock moved by hand.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manualClock } from '../../../server/clock.ts';
import { silentLogger } from '../../../server/logger.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../../../server/repository/records/outbox.ts';
import { startServer } from '../../../server/start-server.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { MERCHANT_API_KEY, serverEnv, TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const SECRET = TEST_ENV.WEBHOOK_SECRET;
const HOUR = 3_600_000;

interface EventBody {
  id: string;
  type: string;
  delivery: { status: string; attempts: number; nextAttemptAt: string | null; deliveredAt: string | null; lastError: string | null };
  deliveries: Array<{ statusCode: number | null; ok: boolean }>;
}

/** A merchant endpoint over real HTTP: records each event id posted, answers `answer`. */
interface Endpoint {
  url: string;
  posts: string[];
  answer: number;
  count(id: string): number;
  close(): Promise<void>;
}

async function startEndpoint(): Promise<Endpoint> {
  const endpoint = { posts: [] as string[], answer: 204 } as Endpoint;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      endpoint.posts.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
      res.writeHead(endpoint.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  endpoint.count = (id) => endpoint.posts.filter((posted) => posted === id).length;
  endpoint.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return endpoint;
}

for (const kind of DATABASE_KINDS) {
  describe(`the webhook retry window, on ${kind}`, () => {
    let database: TestDatabase;
    let endpoint: Endpoint;
    /** The shop as it ran for months: no WEBHOOK_URL, GET /api/events polled. */
    let t: TestApp;

    before(async () => {
      database = await createTestDatabase(kind);
      endpoint = await startEndpoint();
      t = await createTestApp(database);
      assert.equal((await t.api('/api/events/ping', { method: 'POST' })).status, 409, 'no WEBHOOK_URL');
    });
    after(async () => {
      await t.close();
      await endpoint.close();
      await database.drop();
    });

    /** What a server started with WEBHOOK_URL now runs: the dispatcher, on the same database and clock. */
    const dispatcherNow = () =>
      createWebhookDispatcher({
        repository: t.repository,
        url: endpoint.url,
        secret: SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });

    async function listed(reference: string): Promise<EventBody[]> {
      const response = await t.api(`/api/events?reference=${reference}`);
      assert.equal(response.status, 200);
      return ((await response.json()) as { data: EventBody[] }).data;
    }

    const captured = (reference: string, type = 'payment.captured') => ({ type, reference, data: { reference, state: 'captured' } });

    it('never posts an event first reached past the window: failed unsent with the reason, in /api/events; later ones go out', async () => {
      endpoint.answer = 204;
      const [old] = await t.repository.insertEvents([captured('RW-OLD')]);
      const [untouched] = await t.repository.insertEvents([captured('RW-OTHER')]);
      t.clock.advance(WEBHOOK_RETRY_WINDOW_MS + 1_000);
      // Written once the URL is set: about the same payment, after the old one.
      const [fresh] = await t.repository.insertEvents([captured('RW-OLD', 'payment.refunded')]);

      const dispatcher = dispatcherNow();
      try {
        assert.equal(await dispatcher.runOnce(), 1, 'only the new event is claimed');
        assert.deepEqual(endpoint.posts, [fresh!.id], 'the months-old events are not sent as new');
        t.clock.advance(HOUR);
        assert.equal(await dispatcher.runOnce(), 0);
        assert.deepEqual(endpoint.posts, [fresh!.id]);
      } finally {
        await dispatcher.close();
      }

      const events = await listed('RW-OLD');
      const shownOld = events.find((event) => event.id === old!.id)!;
      assert.equal(shownOld.delivery.status, 'failed');
      assert.match(shownOld.delivery.lastError ?? '', /^never sent: already older than the 72-hour retry window/);
      assert.equal(shownOld.delivery.attempts, 0, 'no delivery attempt');
      assert.deepEqual(shownOld.deliveries, []);
      assert.equal(shownOld.delivery.deliveredAt, null);
      assert.equal(events.find((event) => event.id === fresh!.id)!.delivery.status, 'delivered');
      const other = (await listed('RW-OTHER'))[0]!;
      assert.equal(other.id, untouched!.id);
      assert.equal(other.delivery.status, 'failed');
      assert.match(other.delivery.lastError ?? '', /^never sent/);

      // The merchant may still ask for it: one attempt, now.
      assert.equal((await t.api(`/api/events/${old!.id}/redeliver`, { method: 'POST' })).status, 202);
      const again = dispatcherNow();
      try {
        assert.equal(await again.runOnce(), 1);
      } finally {
        await again.close();
      }
      assert.equal(endpoint.count(old!.id), 1);
      assert.equal((await listed('RW-OLD')).find((event) => event.id === old!.id)!.delivery.status, 'delivered');
    });

    it('delivers as before an event written without WEBHOOK_URL and reached within the window', async () => {
      endpoint.answer = 204;
      const [event] = await t.repository.insertEvents([captured('RW-RECENT')]);
      t.clock.advance(WEBHOOK_RETRY_WINDOW_MS - HOUR);
      const dispatcher = dispatcherNow();
      try {
        assert.equal(await dispatcher.runOnce(), 1);
      } finally {
        await dispatcher.close();
      }
      assert.equal(endpoint.count(event!.id), 1);
      const [shown] = await listed('RW-RECENT');
      assert.equal(shown!.delivery.status, 'delivered');
      assert.equal(shown!.delivery.lastError, null);
    });

    it('a redelivery asked by hand that fails is one attempt, not retried for 72 hours', async () => {
      endpoint.answer = 204;
      const [event] = await t.repository.insertEvents([captured('RW-BY-HAND')]);
      const dispatcher = dispatcherNow();
      try {
        assert.equal(await dispatcher.runOnce(), 1);
        endpoint.answer = 500;
        for (const round of [1, 2]) {
          assert.equal((await t.api(`/api/events/${event!.id}/redeliver`, { method: 'POST' })).status, 202);
          assert.equal(await dispatcher.runOnce(), 1, `redelivery ${round} is attempted`);
          const [shown] = await listed('RW-BY-HAND');
          assert.equal(shown!.delivery.status, 'failed', `redelivery ${round}: failed, not pending for a retry`);
          assert.equal(shown!.delivery.nextAttemptAt, null);
          assert.equal(shown!.delivery.lastError, 'HTTP 500');
          assert.notEqual(shown!.delivery.deliveredAt, null, 'it was delivered before: that stays said');
          for (const step of [10_000, 10 * 60_000, HOUR, 24 * HOUR]) {
            t.clock.advance(step);
            assert.equal(await dispatcher.runOnce(), 0, `redelivery ${round}: nothing retried ${step} ms later`);
          }
        }
      } finally {
        await dispatcher.close();
      }
      assert.equal(endpoint.count(event!.id), 3, 'the delivery and the two redeliveries asked, nothing more');
    });

    it('a failed ping redelivered by hand is one attempt too', async () => {
      endpoint.answer = 500;
      const app = await createTestApp(database, { env: { WEBHOOK_URL: endpoint.url } });
      app.clock.set(t.clock.now());
      try {
        const ping = (await (await app.api('/api/events/ping', { method: 'POST' })).json()) as { id: string; delivered: boolean };
        assert.equal(ping.delivered, false);
        assert.equal((await app.api(`/api/events/${ping.id}/redeliver`, { method: 'POST' })).status, 202);
        const dispatcher = createWebhookDispatcher({
          repository: app.repository,
          url: endpoint.url,
          secret: SECRET,
          clock: app.clock,
          logger: silentLogger(),
          random: () => 0,
        });
        try {
          assert.equal(await dispatcher.runOnce(), 1);
          app.clock.advance(HOUR);
          assert.equal(await dispatcher.runOnce(), 0, 'not retried');
        } finally {
          await dispatcher.close();
        }
        assert.equal(endpoint.count(ping.id), 2, 'the ping and its one redelivery');
        const shown = (await (await app.api(`/api/events/${ping.id}`)).json()) as EventBody;
        assert.equal(shown.delivery.status, 'failed');
      } finally {
        await app.close();
      }
    });

    if (kind === 'postgres')
      it('two instances past the window: each old event marked once and never sent, each new one sent once', async () => {
        endpoint.answer = 204;
        const before = endpoint.posts.length;
        const old = await t.repository.insertEvents(Array.from({ length: 40 }, (_, i) => captured(`RW-MANY-${i % 8}`)));
        t.clock.advance(WEBHOOK_RETRY_WINDOW_MS + 1_000);
        const fresh = await t.repository.insertEvents(Array.from({ length: 12 }, (_, i) => captured(`RW-MANY-${i}`, 'payment.refunded')));
        const { repository: other } = await openTestRepository(database, t.clock);
        const a = dispatcherNow();
        const b = createWebhookDispatcher({
          repository: other,
          url: endpoint.url,
          secret: SECRET,
          clock: t.clock,
          logger: silentLogger(),
          batchSize: 4,
        });
        try {
          for (let round = 0; round < 4; round++) await Promise.all([a.runOnce(), b.runOnce()]);
        } finally {
          await a.close();
          await b.close();
          await other.close();
        }
        const posted = endpoint.posts.slice(before);
        assert.deepEqual([...posted].sort(), fresh.map((event) => event.id).sort(), 'every new event once, no old one');
        for (const event of old) {
          const stored = await t.repository.getEvent(event.id);
          assert.equal(stored?.status, 'failed');
          assert.match(stored?.lastError ?? '', /^never sent/);
          assert.equal(stored?.deliveries.length, 0);
        }
      });
  });

  describe(`the outbox gauges of an instance without WEBHOOK_URL, on ${kind}`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    before(async () => (database = await createTestDatabase(kind)));
    after(async () => database?.drop());

    it('report no backlog, however old the events nobody delivers', async () => {
      // Written two hours ago (the age gauge reads the real time): a shop polling GET /api/events.
      const clock = manualClock(new Date(Date.now() - 2 * HOUR));
      const { repository } = await openTestRepository(database, clock);
      await repository.insertEvents([{ type: 'payment.captured', reference: 'RW-GAUGE', data: { reference: 'RW-GAUGE' } }]);
      await repository.close();

      const server = await startServer({
        // Nothing listens on the discard port: DirectLink is configured, and nothing is due to query.
        env: serverEnv('http://127.0.0.1:9', { ...database.env }),
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        clock,
      });
      try {
        const scrape = async () => {
          const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${MERCHANT_API_KEY}` } });
          assert.equal(response.status, 200);
          const text = await response.text();
          const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
          return {
            pending: value('ogone_checkout_webhook_outbox_pending'),
            age: value('ogone_checkout_webhook_outbox_oldest_pending_age_seconds'),
          };
        };
        assert.deepEqual(await scrape(), { pending: 0, age: 0 });
        clock.advance(30 * 24 * HOUR);
        assert.deepEqual(await scrape(), { pending: 0, age: 0 }, 'a month later, still nothing is waiting here');
        const listed = (await (
          await fetch(`${server.url}/api/events?reference=RW-GAUGE`, { headers: { authorization: `Bearer ${MERCHANT_API_KEY}` } })
        ).json()) as { data: EventBody[] };
        assert.equal(listed.data.length, 1, 'the event is still listed for the shop to poll');
      } finally {
        await server.close();
      }
    });
  });
}
