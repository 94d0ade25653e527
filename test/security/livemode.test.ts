/**
 * `livemode` (issue 13): every merchant API object — sessions, transactions, buttons, events,
 * saved cards — and every webhook delivery says whether it is about real money. False on the
 * test platform (and the sandbox), true only with OGONE_ENVIRONMENT=production, so a test payment
 * can never pass for a real one in the merchant's backend.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import { silentLogger } from '../../server/logger.ts';
import { createWebhookDispatcher } from '../../server/webhooks/dispatcher.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../support/databases.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_livemode_0123456789';

for (const [environment, livemode] of [
  ['test', false],
  ['production', true],
] as const) {
  describe(`livemode with OGONE_ENVIRONMENT=${environment}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it(`sessions, transactions, buttons, events and their lists carry livemode: ${livemode}`, async () => {
      database = await createTestDatabase('sqlite');
      t = await createTestApp(database, { env: { OGONE_ENVIRONMENT: environment } });
      const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } });
      assert.equal(created.status, 201);
      const session = (await created.json()) as { id: string; livemode: boolean };
      assert.equal(session.livemode, livemode);
      const attempt = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const { reference } = (await attempt.json()) as { reference: string };
      const feedback = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        headers: { ...SERVER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(feedbackFor(reference, 9)).toString(),
      });
      assert.equal(feedback.status, 200);

      const read = async (path: string) => (await (await t.api(path)).json()) as Record<string, any>;
      assert.equal((await read(`/api/checkout-sessions/${session.id}`)).livemode, livemode);
      assert.equal((await read(`/api/transactions/${reference}`)).livemode, livemode);
      const transactions = await read('/api/transactions');
      assert.ok(transactions.data.length > 0);
      for (const item of transactions.data) assert.equal(item.livemode, livemode);
      const events = await read('/api/events');
      assert.ok(events.data.some((e: { type: string }) => e.type === 'payment.captured'));
      for (const item of events.data) assert.equal(item.livemode, livemode);
      assert.equal((await read(`/api/events/${events.data[0].id}`)).livemode, livemode);

      const button = await t.api('/api/buttons', { method: 'POST', json: { name: 'Mug', amount: 1200, currency: 'EUR' } });
      assert.equal(button.status, 201);
      const buttonBody = (await button.json()) as { id: string; livemode: boolean };
      assert.equal(buttonBody.livemode, livemode);
      assert.equal((await read(`/api/buttons/${buttonBody.id}`)).livemode, livemode);
      for (const item of (await read('/api/buttons')).data) assert.equal(item.livemode, livemode);
    });
  });
}

describe('webhook deliveries carry livemode', () => {
  let database: TestDatabase;
  after(() => database?.drop());

  it('false from a test server, true from a production one, inside the signed body', async () => {
    database = await createTestDatabase('sqlite');
    // The receiver checks the signature's timestamp against its own clock: now.
    const clock = manualClock(new Date());
    const receiver = await startWebhookReceiver(SECRET);
    try {
      for (const livemode of [false, true]) {
        // The event records the platform of the server writing it (migration 0023).
        const { repository } = await openTestRepository(database, clock, { livemode });
        await repository.insertEvents([
          { type: 'payment.captured', reference: `ORDER-${livemode}`, data: { reference: `ORDER-${livemode}` } },
        ]);
        const dispatcher = createWebhookDispatcher({
          repository,
          url: receiver.url,
          secret: SECRET,
          clock,
          logger: silentLogger(),
          livemode,
        });
        assert.equal(await dispatcher.runOnce(), 1);
        await dispatcher.close();
        const delivered = receiver.deliveries.find((d) => (d.data as { reference: string }).reference === `ORDER-${livemode}`);
        assert.ok(delivered, 'delivered and its signature verified');
        assert.equal((delivered as unknown as { livemode: boolean }).livemode, livemode);
        await repository.close();
      }
    } finally {
      await receiver.close();
    }
  });
});
