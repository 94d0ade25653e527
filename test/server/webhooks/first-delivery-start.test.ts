/**
 * Webhooks configured late (README, "Webhooks"): a shop that ran without WEBHOOK_URL, polling
 * `GET /api/events`, then sets one is sent the events of the last 72 hours, not months of old ones
 * as new. The first dispatcher to start on the database records it (migration 0033) and marks the
 * events written over the retry window before, never tried, as failed and never sent; those stay
 * readable, and a redelivery asked by hand still sends one. Later starts mark nothing, whichever
 * instance starts first, and a database that delivered before the migration is not marked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { webhookDeliveryStart } from '../../../server/db/webhook-delivery-start-migration.ts';
import { silentLogger } from '../../../server/logger.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../../../server/repository/records/outbox.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const HOUR = 60 * 60_000;

interface ShownEvent {
  id: string;
  delivery: { status: string; attempts: number; lastError: string | null };
}

for (const kind of DATABASE_KINDS) {
  describe(`webhook delivery's first start, on ${kind}`, () => {
    let server: Server;
    let url: string;
    const posts: string[] = [];

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const t = useTestApp(kind); // no WEBHOOK_URL: the shop polls GET /api/events
    before(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          posts.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    });

    const dispatcher = () =>
      createWebhookDispatcher({
        repository: t.repository,
        url,
        secret: TEST_ENV.WEBHOOK_SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });
    const event = (reference: string) =>
      t.repository.insertEvents([{ type: 'payment.captured', reference, data: { reference, state: 'captured' } }]).then(([row]) => row!.id);
    const shown = async (id: string) => (await (await t.api(`/api/events/${id}`)).json()) as ShownEvent;

    it('sends the last 72 hours of events and marks older ones never sent, once', async () => {
      const months = await event('OLD-MONTHS');
      t.clock.advance(90 * 24 * HOUR);
      const days = await event('OLD-DAYS');
      t.clock.advance(WEBHOOK_RETRY_WINDOW_MS - HOUR);
      const recent = await event('RECENT');
      t.clock.advance(2 * HOUR); // OLD-DAYS is now 73 hours old, RECENT one

      // WEBHOOK_URL set: two instances start their dispatchers at once.
      const [first, second] = [dispatcher(), dispatcher()];
      try {
        await Promise.all([first.runOnce(), second.runOnce()]);
        await Promise.all([first.runOnce(), second.runOnce()]);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
      assert.deepEqual(posts, [recent], 'only the event of the last 72 hours is posted');
      for (const id of [months, days]) {
        const { delivery } = await shown(id);
        assert.equal(delivery.status, 'failed');
        assert.equal(delivery.attempts, 0);
        assert.match(delivery.lastError ?? '', /^never sent: written before WEBHOOK_URL was first set/);
      }
      assert.equal((await shown(recent)).delivery.status, 'delivered');

      // A redelivery asked by hand still sends one.
      assert.equal((await t.api(`/api/events/${days}/redeliver`, { method: 'POST' })).status, 202);
      const again = dispatcher();
      try {
        await again.runOnce();
      } finally {
        await again.close();
      }
      assert.deepEqual(posts, [recent, days]);
      assert.equal((await shown(days)).delivery.status, 'delivered');
    });

    it('marks nothing at a later start: an event written while the URL was unset again is sent late', async () => {
      posts.length = 0;
      const later = await event('LATER');
      t.clock.advance(WEBHOOK_RETRY_WINDOW_MS + HOUR);
      const restarted = dispatcher();
      try {
        await restarted.runOnce();
      } finally {
        await restarted.close();
      }
      assert.deepEqual(posts, [later]);
    });
  });

  describe(`migration 0033_webhook_delivery_start on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('records a start for a database that delivered before, none for one that never did', async () => {
      const { handle } = opened;
      const before = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0033_webhook_delivery_start') - 1]!;
      await migrateToLatest(handle.db, { upTo: before });
      const at = '2024-01-10T10:00:00.000Z';
      await sql`
        insert into webhook_events (id, type, reference, data_json, created_at, status, attempts, next_attempt_at, delivered_at, last_error)
        values ('evt_old_pending', 'payment.captured', 'R-1', '{}', ${at}, 'pending', 0, ${at}, null, null)`.execute(handle.db);
      // Without any delivery yet: no start recorded.
      await handle.db.transaction().execute(async (trx) => {
        await webhookDeliveryStart.up(trx);
        assert.deepEqual(await trx.selectFrom('webhook_delivery').selectAll().execute(), []);
        await webhookDeliveryStart.down!(trx);
      });
      // One event delivered: the shop's endpoint was configured all along.
      await sql`
        insert into webhook_events (id, type, reference, data_json, created_at, status, attempts, next_attempt_at, delivered_at, last_error)
        values ('evt_delivered', 'payment.authorized', 'R-0', '{}', '2023-06-01T08:00:00.000Z', 'delivered', 1, ${at}, ${at}, null)`.execute(
        handle.db,
      );
      await migrateToLatest(handle.db);
      const rows = await handle.db.selectFrom('webhook_delivery').selectAll().execute();
      assert.deepEqual(
        rows.map((row) => ({ id: row.id, startedAt: new Date(row.started_at).toISOString() })),
        [{ id: 'webhooks', startedAt: '2023-06-01T08:00:00.000Z' }],
      );
    });
  });
}
