/**
 * One Idempotency-Key across the go-live switch (README "Going live", step 4: the database may
 * stay). Keys were scoped to `METHOD path` only (server/http/idempotency.ts), not to the platform
 * the server sends payments to: a checkout session created on the test platform with key K was
 * replayed, within the key's day, to the same request made on the production server — the live
 * order got a test session (`livemode: false`) whose every attempt was then refused 409
 * `livemode_mismatch`: the shopper could not pay. A kept answer about an object of the other
 * platform is now refused, naming the key.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('an Idempotency-Key used on the test platform, then the same request after the go-live switch', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('the live request is refused, naming the key, and a new key makes a live session its shopper can pay', async () => {
    database = await createTestDatabase('sqlite');
    const body = { amount: 4200, currency: 'EUR', reference: 'ORDER-1001' };
    const headers = { 'idempotency-key': 'order-1001' };

    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    const made = await testServer.api('/api/checkout-sessions', { method: 'POST', json: body, headers });
    assert.equal(made.status, 201);
    const testSession = (await made.json()) as { id: string; livemode: boolean };
    assert.equal(testSession.livemode, false);
    await testServer.close();
    apps.pop();

    // The same day, the same database, OGONE_ENVIRONMENT=production.
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    apps.push(live);
    live.clock.advance(2 * 3600_000);
    const again = await live.api('/api/checkout-sessions', { method: 'POST', json: body, headers });
    const refusal = (await again.json()) as { error: { code: string; field?: string }; id?: string };
    assert.equal(again.status, 409, JSON.stringify(refusal));
    assert.equal(again.headers.get('idempotent-replayed'), null, 'the test session is not replayed');
    assert.deepEqual([refusal.error.code, refusal.error.field], ['livemode_mismatch', 'Idempotency-Key']);

    const fresh = await live.api('/api/checkout-sessions', {
      method: 'POST',
      json: body,
      headers: { 'idempotency-key': 'order-1001-live' },
    });
    const session = (await fresh.json()) as { id: string; livemode: boolean };
    assert.equal(fresh.status, 201);
    assert.equal(session.livemode, true);
    const attempt = await live.app.request(`/checkout/sessions/${session.id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(attempt.status, 201, await attempt.text());

    // The live server's own keys replay as before, also those it kept before this release
    // (the scope did not change: nothing is lost at the upgrade).
    const replay = await live.api('/api/checkout-sessions', {
      method: 'POST',
      json: body,
      headers: { 'idempotency-key': 'order-1001-live' },
    });
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await replay.json()) as { id: string }).id, session.id);
  });

  it('a button, a setting served on either platform, replays its creation across the switch', async () => {
    const body = { name: 'Donation', amount: 500, currency: 'EUR' };
    const headers = { 'idempotency-key': 'button-donation' };
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    const made = await testServer.api('/api/buttons', { method: 'POST', json: body, headers });
    assert.equal(made.status, 201, await made.clone().text());
    const button = (await made.json()) as { id: string };
    await testServer.close();

    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    apps.push(live);
    live.clock.advance(3_600_000);
    const again = await live.api('/api/buttons', { method: 'POST', json: body, headers });
    assert.equal(again.status, 201, await again.clone().text());
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await again.json()) as { id: string }).id, button.id, 'no second button for the same product');
  });
});
