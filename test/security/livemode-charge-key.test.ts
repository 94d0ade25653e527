/**
 * A saved-card charge without a `reference` names its ORDERID from the Idempotency-Key
 * (aliases/charge.ts orderIdForKey), which crosses the go-live switch: the production server,
 * asked to charge a test-platform card with a key used for it on the test platform, found that
 * order and answered its outcome — 201 with the test payment — before any platform check. No
 * second order was sent, but a live request got the test platform's object as its charge. Every
 * other way of charging that card on production is refused 409 livemode_mismatch; so is this.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { xml } from '../server/directlink/helpers.ts';
import { orderWithLevels } from '../server/maintenance/history-levels.ts';

describe('a saved-card charge key used on the test platform, retried after the go-live switch', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('the production server does not answer the test charge as the live one', async () => {
    database = await createTestDatabase('sqlite');
    const platform = orderWithLevels('7788001', () => '9');
    const orders: string[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      if (path.includes('orderdirect')) orders.push(form.ORDERID!);
      return new Response(xml(platform.handle(path, form)), { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    const directLink = (env: Record<string, string>) =>
      createDirectLinkClient({ config: { ...parseServerConfig({ ...TEST_ENV, ...env }).provider }, fetch: fakeFetch });

    const testEnv = { OGONE_ENVIRONMENT: 'test' };
    const testServer = await createTestApp(database, { env: testEnv, deps: { directLink: directLink(testEnv) } });
    apps.push(testServer);
    const { card } = await paidWithSavedCard(testServer, 'cust-golive');
    const body = { amount: 1999, currency: 'EUR' };
    const headers = { 'idempotency-key': 'sub-2025-06' };
    const charged = await testServer.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body, headers });
    const chargedBody = (await charged.json()) as { reference: string; livemode: boolean };
    assert.equal(charged.status, 201, JSON.stringify(chargedBody));
    assert.equal(chargedBody.livemode, false);
    await testServer.close();
    apps.pop();

    const liveEnv = { OGONE_ENVIRONMENT: 'production' };
    const live = await createTestApp(database, { env: liveEnv, deps: { directLink: directLink(liveEnv) } });
    apps.push(live);
    // A day on: the key itself expired (the ORDERID still comes from it).
    live.clock.advance(25 * 3600_000);
    const again = await live.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body, headers });
    const text = await again.text();
    assert.equal(orders.length, 1, 'no second order');
    assert.equal(
      again.status,
      409,
      `the production server answered ${again.status} (replayed: ${again.headers.get('idempotent-replayed')}) ${text.slice(0, 200)}`,
    );
    assert.match(text, /livemode_mismatch/);
  });
});
