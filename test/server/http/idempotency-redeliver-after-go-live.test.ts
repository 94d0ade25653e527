/**
 * Found by review r1688 (2026-12-07), now fixed.
 * The fix: An event's redelivery replays under its key on either platform, as a button's creation does
 *
 * r1688 — after the go-live switch, a redelivery of a test event asked on the production server is
 * refused 409 `livemode_mismatch` when retried under its own Idempotency-Key, on that same server.
 *
 * README "Going live" step 4: the database stays, "a test event still waiting to be delivered"
 * keeps `livemode: false`, and only "a request whose Idempotency-Key was used on the test platform"
 * answers 409 `livemode_mismatch`. README "Merchant API": `POST /api/events/:id/redeliver` makes a
 * new attempt "also after the retry window ended", and POSTs honour `Idempotency-Key`: "the same
 * key and body replay the first answer".
 *
 * What is wrong: server/http/idempotency.ts decides a kept answer's platform from the object the
 * answer names (`otherPlatform`: the answer's own `livemode` first, the server that kept it only
 * for an error). A redelivery's answer is the event, whose `livemode` is the test platform's; the
 * production server kept it, but its replay is taken for "a key used on the test platform".
 *
 * Why it matters: the merchant resends, from production, a test event its endpoint missed (the
 * README's own example: "resend an event your endpoint missed"). Its answer lost (a timeout, a
 * 502 of its proxy), the typed client — or any retrying client — sends the same request under the
 * same key and is told "this Idempotency-Key was used for an object of the test platform … use a
 * new key": an error for a request that was made and kept on this very server, which a client
 * cannot tell from a real go-live mix-up (and a new key schedules another delivery).
 *
 * Expected: the same request under the same key on the same production server replays the first
 * answer (202, `Idempotent-Replayed: true`, the same event id).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('r1688: a redelivery asked on the production server, retried under its key', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('replays its 202, not 409 livemode_mismatch', async () => {
    database = await createTestDatabase('sqlite');
    // On the test platform: a payment that saves a card writes its webhook events (livemode false).
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    await paidWithSavedCard(testServer, 'cust-r1688');
    const listed = (await (await testServer.api('/api/events')).json()) as { data: Array<{ id: string; livemode: boolean }> };
    const event = listed.data[0];
    assert.ok(event, 'precondition: the test platform wrote an event');
    assert.equal(event.livemode, false);
    await testServer.close();
    apps.pop();

    // Go-live: the same database, production.
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    apps.push(live);
    const headers = { 'idempotency-key': 'r1688-resend-missed-event' };
    const first = await live.api(`/api/events/${event.id}/redeliver`, { method: 'POST', headers });
    const firstText = await first.text();
    assert.equal(first.status, 202, `precondition: the production server redelivers the event: ${firstText.slice(0, 200)}`);

    const retry = await live.api(`/api/events/${event.id}/redeliver`, { method: 'POST', headers });
    const retryText = await retry.text();
    assert.equal(
      retry.status,
      202,
      `the same request under the same key on the same server answered ${retry.status}: ${retryText.slice(0, 240)}`,
    );
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal((JSON.parse(retryText) as { id: string }).id, event.id);
  });
});
