/**
 * `livemode` is the platform a session, payment, saved card or event was made for, recorded when
 * it was written (migration 0023, payments/livemode.ts) — not the server's setting when it is
 * read or delivered. The README's go-live switch keeps the database and sets
 * OGONE_ENVIRONMENT=production: the test payments made before it must stay `livemode: false`, in
 * the API and in a test event still waiting in the outbox, or a merchant's backend ships goods
 * for a test payment.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { silentLogger } from '../../server/logger.ts';
import { manualClock } from '../../server/clock.ts';
import { createWebhookDispatcher } from '../../server/webhooks/dispatcher.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../support/app.ts';
import { DATABASE_KINDS, createTestDatabase, openTestRepository, type TestDatabase } from '../support/databases.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_livemode_recorded_0123456789';

for (const kind of DATABASE_KINDS) {
  describe(`livemode after the go-live switch on one database (${kind})`, () => {
    let database: TestDatabase;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('test payments, cards and events stay test ones; new ones are live; unrecorded rows show the setting', async () => {
      database = await createTestDatabase(kind);
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
      apps.push(testServer);
      const testReference = (await paidWithSavedCard(testServer, 'cust-test')).reference;
      const testTransaction = (await testServer.repository.getTransaction(testReference))!;
      await testServer.close();
      apps.pop();

      const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
      apps.push(live);
      const read = async (path: string) => {
        const response = await live.api(path);
        assert.equal(response.status, 200, path);
        return (await response.json()) as Record<string, any>;
      };
      assert.equal((await read(`/api/checkout-sessions/${testTransaction.sessionId}`)).livemode, false, 'the test session');
      assert.equal((await read(`/api/transactions/${testReference}`)).livemode, false, 'the test payment');
      const [card] = (await read('/api/customers/cust-test/aliases')).data;
      assert.equal(card.livemode, false, 'the card saved on the test platform');
      assert.equal((await read(`/api/aliases/${card.id}`)).livemode, false);
      const testEvents = (await read(`/api/events?reference=${testReference}`)).data as Array<{ type: string; livemode: boolean }>;
      assert.ok(testEvents.some((e) => e.type === 'payment.captured'));
      for (const event of testEvents) assert.equal(event.livemode, false, event.type);

      const liveReference = (await paidWithSavedCard(live, 'cust-live')).reference;
      assert.equal((await read(`/api/transactions/${liveReference}`)).livemode, true, 'a payment made after going live');
      const byReference = new Map(
        (await read('/api/transactions')).data.map((t: { reference: string; livemode: boolean }) => [t.reference, t.livemode]),
      );
      assert.equal(byReference.get(testReference), false);
      assert.equal(byReference.get(liveReference), true);
      assert.equal((await read('/api/customers/cust-live/aliases')).data[0].livemode, true);

      // The outbox still holds both payments' events: each is delivered as what it is, by the live server.
      const receiver = await startWebhookReceiver(SECRET);
      // The apps' clock for the outbox: its first start (migration 0033) reads the events' ages
      // off it, and they were written moments ago on it.
      const { repository } = await openTestRepository(database, live.clock, { livemode: true });
      try {
        const dispatcher = createWebhookDispatcher({
          repository,
          url: receiver.url,
          secret: SECRET,
          clock: manualClock(new Date()), // signed now: the receiver checks the timestamp
          logger: silentLogger(),
          livemode: true,
        });
        while ((await dispatcher.runOnce()) > 0);
        await dispatcher.close();
        const delivered = receiver.deliveries as unknown as Array<{ type: string; livemode: boolean; data: { reference?: string } }>;
        const of = (reference: string) => delivered.filter((d) => d.data.reference === reference);
        assert.ok(of(testReference).length > 0 && of(liveReference).length > 0, `delivered: ${delivered.map((d) => d.type).join(', ')}`);
        for (const d of of(testReference)) assert.equal(d.livemode, false, `test payment's ${d.type}`);
        for (const d of of(liveReference)) assert.equal(d.livemode, true, `live payment's ${d.type}`);
      } finally {
        await receiver.close();
        await repository.close();
      }

      // A row written before migration 0023 recorded nothing: it shows the server's setting, as before.
      const other = await openTestRepository(database);
      await sql`update transactions set livemode = null where reference = ${testReference}`.execute(other.handle.db);
      await other.repository.close();
      assert.equal((await read(`/api/transactions/${testReference}`)).livemode, true, 'an unrecorded row');
    });
  });
}
