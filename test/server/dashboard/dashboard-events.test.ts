/**
 * The dashboard's webhook events in Chromium: each event's delivery state, its Redeliver button,
 * "Send test event", and a payment's page with its events, payloads and attempts, against the app on a real listener and a real webhook endpoint.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { API_KEY, TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { closeServer, listen, type Listening } from '../../support/listen.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

describe('dashboard: webhook events, redeliver and test event in Chromium', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let t: TestApp;
  let dispatcher: WebhookDispatcher;
  let server: Listening;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    database = await createTestDatabase('sqlite');
    receiver = await startWebhookReceiver(TEST_ENV.WEBHOOK_SECRET);
    t = await createTestApp(database, { env: { WEBHOOK_URL: receiver.url } });
    // Signatures are checked against the real time by the receiver.
    t.clock.set(new Date());
    dispatcher = createWebhookDispatcher({
      repository: t.repository,
      url: receiver.url,
      secret: TEST_ENV.WEBHOOK_SECRET,
      clock: t.clock,
      logger: silentLogger(),
      backoff: { giveUpAfterMs: 0 },
    });
    server = await listen((request) => t.app.fetch(request));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => errors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    if (server) await closeServer(server.server);
    await dispatcher?.close();
    await t?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('shows a failed delivery, redelivers it with one click, and sends a test event', async () => {
    const [event] = await t.repository.insertEvents([{ type: 'payment.captured', reference: 'DASH-1', data: { reference: 'DASH-1' } }]);
    await receiver.down();
    assert.equal(await dispatcher.runOnce(), 1, 'one attempt, and the retry window (0 ms here) is over');
    await receiver.up();

    await page.goto(`${server.url}/dashboard`);
    await page.fill('#api-key', API_KEY);
    await page.click('#login-form button[type="submit"]');
    const row = page.locator(`#events tr[data-event="${event!.id}"]`);
    await row.waitFor();
    assert.match((await row.locator('td').nth(3).textContent()) ?? '', /^failed — network error/);

    await row.getByRole('button', { name: `Redeliver payment.captured ${event!.id}` }).click();
    const notice = page.getByRole('status');
    await notice.filter({ hasText: `Redelivery of payment.captured ${event!.id} scheduled: pending.` }).waitFor();
    assert.equal(await dispatcher.runOnce(), 1);
    assert.equal(receiver.counts.get(event!.id), 1, 'the receiver got it once');
    await page.click('#refresh');
    await page.locator(`#events tr[data-event="${event!.id}"] td.delivery-ok`).waitFor();

    await page.getByRole('button', { name: 'Send test event' }).click();
    await notice.filter({ hasText: /^Test event delivered to WEBHOOK_URL: HTTP 200 in \d+ ms\.$/ }).waitFor();
    assert.deepEqual(receiver.deliveries.filter((d) => d.type === 'ping').length, 1, 'one signed ping reached the endpoint');
    await page.locator('#events tr[data-type="ping"] td.delivery-ok').waitFor();
    assert.deepEqual(errors, []);
  });
  it("a payment's page: its events with payload and attempts, Redeliver on the failed one only", async () => {
    const session = sessionRecord();
    await t.repository.createSession(session);
    const payment = transactionRecord(session.id, {
      state: 'captured',
      capturedAmount: 1999,
      payid: '3001',
      brand: 'VISA',
      cardNumber: 'XXXXXXXXXXXX4242',
    });
    await t.repository.createTransaction(payment);
    const [failed] = await t.repository.insertEvents([
      { type: 'payment.captured', reference: payment.reference, data: { reference: payment.reference, amount: 1999 } },
    ]);
    await receiver.down();
    assert.equal(await dispatcher.runOnce(), 1);
    await receiver.up();
    const [delivered] = await t.repository.insertEvents([
      { type: 'payment.authorized', reference: payment.reference, data: { reference: payment.reference } },
    ]);
    assert.equal(await dispatcher.runOnce(), 1);

    await page.goto(`${server.url}/dashboard/transactions/${payment.reference}`);
    await page.locator('#transaction-title').waitFor();
    const item = (id: string) => page.locator(`#transaction li[data-event="${id}"]`);
    assert.equal(await item(failed!.id).getAttribute('data-delivery'), 'failed');
    assert.equal(await item(delivered!.id).getAttribute('data-delivery'), 'delivered');
    assert.equal(
      await item(delivered!.id)
        .getByRole('button', { name: /Redeliver/ })
        .count(),
      0,
      'nothing to redeliver',
    );
    // The payload, collapsed until asked for.
    assert.equal(await item(failed!.id).locator('pre.payload').isVisible(), false);
    await item(failed!.id).locator('summary').click();
    assert.deepEqual(JSON.parse((await item(failed!.id).locator('pre.payload').textContent()) ?? ''), {
      reference: payment.reference,
      amount: 1999,
    });
    assert.match((await item(failed!.id).locator('ul.attempts').textContent()) ?? '', /failed/);

    await item(failed!.id)
      .getByRole('button', { name: `Redeliver payment.captured ${failed!.id}` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Redelivery of payment.captured ${failed!.id} scheduled` })
      .waitFor();
    assert.equal(await dispatcher.runOnce(), 1);
    assert.equal(receiver.counts.get(failed!.id), 1, 'delivered once');
    assert.deepEqual(errors, []);
  });
  it('webhook deliveries page to the last event with "Load more events"', async () => {
    await t.repository.insertEvents(
      Array.from({ length: 60 }, (_, i) => ({
        type: 'payment.captured' as const,
        reference: `MANY-${i}`,
        data: { reference: `MANY-${i}` },
      })),
    );
    let total = 0;
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 10; pages++) {
      const response = await t.app.request(`/api/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      const body = (await response.json()) as { data: unknown[]; nextCursor: string | null };
      total += body.data.length;
      cursor = body.nextCursor;
    }
    assert.ok(total > 60, `${total} events`);
    await page.goto(`${server.url}/dashboard`);
    await page.locator('#events tr[data-event]').first().waitFor();
    assert.equal(await page.locator('#events tr[data-event]').count(), 50);
    await page.getByRole('button', { name: 'Load more events' }).click();
    await page
      .locator('#events tr[data-event]')
      .nth(total - 1)
      .waitFor();
    assert.equal(await page.locator('#events tr[data-event]').count(), total);
    assert.equal(await page.locator('#events-more').isHidden(), true, 'nothing more to load');
    assert.deepEqual(errors, []);
  });
});
