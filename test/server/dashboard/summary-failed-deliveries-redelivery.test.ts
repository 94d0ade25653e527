/**
 * What the dashboard summary's `failedDeliveries` counts: webhook events the merchant's endpoint
 * never accepted — once each, however many attempts failed — and not an event it did accept.
 * Found in review: a redelivery the merchant asked by hand of an event delivered before, which
 * failed, leaves the event `failed` (one attempt, not retried: README, "Merchant API"), and the
 * summary counted it, so the dashboard said a delivery failed when the shop had the event all
 * along. Real HTTP to a real endpoint, the outbox's own dispatcher, SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

const HOUR = 3_600_000;

for (const kind of DATABASE_KINDS) {
  describe(`the dashboard's failed webhook deliveries, on ${kind}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let endpoint: Server;
    let url = '';
    /** What the endpoint answers now. */
    let answer = 204;

    before(async () => {
      endpoint = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(answer).end());
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hooks`;
      database = await createTestDatabase(kind);
      t = await createTestApp(database);
    });
    after(async () => {
      await t?.close();
      endpoint.closeAllConnections();
      await new Promise((resolve) => endpoint.close(resolve));
      await database?.drop();
    });

    it('counts each event never delivered once, and no event that was delivered', async () => {
      const dispatcher = createWebhookDispatcher({
        repository: t.repository,
        url,
        secret: TEST_ENV.WEBHOOK_SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });
      const event = async (reference: string) =>
        (await t.repository.insertEvents([{ type: 'payment.captured', reference, data: { reference } }]))[0]!.id;
      const status = async (id: string) => (await t.repository.getEvent(id))?.status;
      const redeliver = async (id: string) => assert.equal((await t.api(`/api/events/${id}/redeliver`, { method: 'POST' })).status, 202);
      try {
        // Delivered, then redelivered by hand while the endpoint is down: the shop has it.
        answer = 204;
        const deliveredThenRedeliveryFailed = await event('RD-1');
        assert.equal(await dispatcher.runOnce(), 1);
        answer = 500;
        await redeliver(deliveredThenRedeliveryFailed);
        assert.equal(await dispatcher.runOnce(), 1);
        assert.equal(await status(deliveredThenRedeliveryFailed), 'failed');

        // Refused twice, then accepted by a retry.
        const deliveredOnRetry = await event('RD-2');
        assert.equal(await dispatcher.runOnce(), 1);
        t.clock.advance(HOUR);
        assert.equal(await dispatcher.runOnce(), 1);
        answer = 204;
        t.clock.advance(HOUR);
        assert.equal(await dispatcher.runOnce(), 1);
        assert.equal(await status(deliveredOnRetry), 'delivered');

        // Refused for 72 hours, given up: two attempts failed, one event not delivered.
        answer = 500;
        const givenUp = await event('RD-3');
        // Given up, then redelivered by hand and refused again: still not delivered, once.
        const givenUpRedeliveryFailed = await event('RD-4');
        // Given up, then redelivered by hand and accepted.
        const givenUpThenRedelivered = await event('RD-5');
        assert.equal(await dispatcher.runOnce(), 3);
        t.clock.advance(73 * HOUR);
        assert.equal(await dispatcher.runOnce(), 3);
        for (const id of [givenUp, givenUpRedeliveryFailed, givenUpThenRedelivered]) assert.equal(await status(id), 'failed');
        await redeliver(givenUpRedeliveryFailed);
        assert.equal(await dispatcher.runOnce(), 1);
        answer = 204;
        await redeliver(givenUpThenRedelivered);
        assert.equal(await dispatcher.runOnce(), 1);
        assert.equal(await status(givenUpRedeliveryFailed), 'failed');
        assert.equal(await status(givenUpThenRedelivered), 'delivered');
        assert.equal((await t.repository.getEvent(givenUpRedeliveryFailed))?.deliveries.filter((d) => !d.ok).length, 3);
      } finally {
        await dispatcher.close();
      }

      const response = await t.api('/api/dashboard/summary');
      assert.equal(response.status, 200);
      const summary = (await response.json()) as { failedDeliveries: number };
      assert.equal(summary.failedDeliveries, 2, 'RD-3 and RD-4, each once: the shop never had them');
    });
  });
}
