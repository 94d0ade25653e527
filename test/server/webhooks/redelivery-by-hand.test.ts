/**
 * A redelivery asked by hand (of an event delivered before, or of a ping) that fails is one
 * attempt, not 72 hours of retries (README "Merchant API", redeliver). An instance without
 * WEBHOOK_URL reports no outbox backlog to Prometheus: a shop polling GET /api/events is healthy.
 * Real HTTP receivers, SQLite and PostgreSQL, the clock moved by hand.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manualClock } from '../../../server/clock.ts';
import { silentLogger } from '../../../server/logger.ts';
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
  describe(`webhook redeliveries asked by hand, on ${kind}`, () => {
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
