/**
 * Forgetting a saved card across the go-live switch (README "Going live": "What was made for the
 * test platform is never sent to production"). `DELETE /api/aliases/:id` and the background
 * deleter (aliases/deletion.ts) never compared the card's recorded livemode with the server's:
 * the Batch DELALIAS went to whichever platform the server was set to, whose "Alias not found"
 * readBatchAnswer takes as "already gone" — a live card marked deleted and announced
 * `alias.deleted` on the word of the test platform, while production still held it. Now the
 * request is refused 409 livemode_mismatch and the deleter leaves the card pending.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAliasDeleter } from '../../server/aliases/deletion.ts';
import { createAppContext } from '../../server/create-app-context.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { silentLogger } from '../../server/logger.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A platform's Batch upload page that does not know any alias (as the other platform answers). */
async function platformNotKnowingAliases() {
  const uploads: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      uploads.push(request.url ?? '');
      response.setHeader('content-type', 'text/xml');
      response.end(
        '<UPLOADRESULT NCERROR="0"><LINE NUMBER="1" NCERROR="50001111" NCERRORPLUS="Alias &quot;OC-x&quot; not Found"/></UPLOADRESULT>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uploads,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A DirectLink client that must not be used (none of these cases queries or orders anything). */
function directLinkFor(environment: string, baseUrl: string) {
  const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: environment });
  return createDirectLinkClient({ config: { ...config.provider, baseUrl } });
}

describe('a saved card deleted on the other platform than the one it was saved on', () => {
  const apps: TestApp[] = [];
  const databases: TestDatabase[] = [];
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const app of apps) await app.close();
    for (const close of closers) await close();
    for (const database of databases) await database.drop();
  });

  it('reverse switch: a test server does not delete a LIVE card through the test platform, nor announce it deleted', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    const { card } = await paidWithSavedCard(live, 'cust-live-card');
    assert.equal(card.livemode, true);
    await live.close();

    // Back to the test account for debugging, the same database.
    const platform = await platformNotKnowingAliases();
    closers.push(platform.close);
    const testServer = await createTestApp(database, {
      env: { OGONE_ENVIRONMENT: 'test' },
      deps: { platformBaseUrl: platform.baseUrl, directLink: directLinkFor('test', platform.baseUrl) },
    });
    apps.push(testServer);

    const response = await testServer.api(`/api/aliases/${card.id}`, { method: 'DELETE' });
    const body = (await response.json()) as { livemode?: boolean; deletionStatus?: string; error?: { code?: string } };
    const stored = await testServer.repository.getAlias(card.id);
    const events = (await testServer.repository.listEvents({ limit: 20 })).items.filter((e) => e.type === 'alias.deleted');
    assert.deepEqual(
      {
        uploads: platform.uploads,
        status: response.status,
        code: body.error?.code,
        deletedHere: stored?.deletionStatus === 'done' || Boolean(stored?.deletedAt),
        announced: events.length,
      },
      { uploads: [], status: 409, code: 'livemode_mismatch', deletedHere: false, announced: 0 },
      `the live card was sent for deletion to ${platform.uploads.join(', ')} and answered ${response.status} ` +
        `${JSON.stringify(body).slice(0, 200)}; alias.deleted events: ${JSON.stringify(events.map((e) => e.livemode))}`,
    );
  });

  it('reverse switch: the background deleter does not confirm a LIVE card pending deletion through the test platform', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    // Production: the card is forgotten, its first DELALIAS gets no answer (production unreachable).
    const live = await createTestApp(database, {
      env: { OGONE_ENVIRONMENT: 'production' },
      deps: { platformBaseUrl: 'http://127.0.0.1:1', directLink: directLinkFor('production', 'http://127.0.0.1:1') },
    });
    const { card } = await paidWithSavedCard(live, 'cust-live-pending');
    const forgotten = await live.api(`/api/aliases/${card.id}`, { method: 'DELETE' });
    assert.equal(forgotten.status, 202, await forgotten.clone().text());
    await live.close();

    const platform = await platformNotKnowingAliases();
    closers.push(platform.close);
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    testServer.clock.advance(2 * 3600_000);
    const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: 'test' });
    const ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository: testServer.repository,
      logger: silentLogger(),
      clock: testServer.clock,
      platformBaseUrl: platform.baseUrl,
      directLink: directLinkFor('test', platform.baseUrl),
      aliasDeletion: { intervalMs: 0, firstRetryMs: 60_000, maxRetryMs: 60_000, timeoutMs: 5_000 },
    });
    const deleter = createAliasDeleter(ctx);
    const confirmed = await deleter.runOnce();
    await deleter.close();
    const stored = await testServer.repository.getAlias(card.id);
    assert.deepEqual(
      { uploads: platform.uploads, confirmed, status: stored?.deletionStatus },
      { uploads: [], confirmed: [], status: 'pending' },
      'the test platform\'s "not found" confirmed the deletion of a card saved on production',
    );
  });

  it('forward switch: deleting a TEST card on the production server sends nothing to production', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    const { card } = await paidWithSavedCard(testServer, 'cust-test-card');
    assert.equal(card.livemode, false);
    await testServer.close();

    const platform = await platformNotKnowingAliases();
    closers.push(platform.close);
    const live = await createTestApp(database, {
      env: { OGONE_ENVIRONMENT: 'production' },
      deps: { platformBaseUrl: platform.baseUrl, directLink: directLinkFor('production', platform.baseUrl) },
    });
    apps.push(live);
    const response = await live.api(`/api/aliases/${card.id}`, { method: 'DELETE' });
    const text = await response.text();
    assert.deepEqual(
      platform.uploads,
      [],
      `a test platform's alias was sent to production for deletion (HTTP ${response.status} ${text.slice(0, 160)})`,
    );
  });
});
