/**
 * What was made for the test platform is never sent to production (livemode-platform-switch). A
 * sync — POST /api/transactions/:reference/sync, the dashboard's "Sync" and the reconciler's
 * query, all syncTransaction — still asked production about a test payment and applied its
 * answer: production does not know the test ORDERID, so a test attempt (which the shopper may
 * well have paid on the test platform) was made `expired` on the word of a platform that never
 * saw it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a test payment's sync after the go-live switch (${kind})`, () => {
    let database: TestDatabase;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('is not asked of production, nor expired on its answer', async () => {
      database = await createTestDatabase(kind);
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
      apps.push(testServer);
      const reference = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR', expiresIn: 3600 });
      assert.equal((await testServer.repository.getTransaction(reference))?.state, 'draft');
      await testServer.close();
      apps.pop();

      const sent: string[] = [];
      const env = { ...TEST_ENV, OGONE_ENVIRONMENT: 'production' };
      const directLink = createDirectLinkClient({
        config: { ...parseServerConfig(env).provider },
        fetch: async (input, init) => {
          sent.push(String(input));
          const orderId = new URLSearchParams(String(init?.body ?? '')).get('ORDERID') ?? '';
          // Production does not know the test platform's ORDERID.
          return new Response(
            `<ncresponse orderID="${orderId}" PAYID="0" NCSTATUS="5" NCERROR="50001130" NCERRORPLUS="unknown order" STATUS="88"/>`,
            {
              status: 200,
              headers: { 'content-type': 'text/xml' },
            },
          );
        },
      });
      const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' }, deps: { directLink } });
      apps.push(live);
      // The test session (an hour) is over.
      (live.clock as unknown as { advance(ms: number): void }).advance(2 * 3_600_000);

      const sync = await live.api(`/api/transactions/${reference}/sync`, { method: 'POST', json: {} });
      const body = (await sync.json()) as { state?: string; error?: { code?: string } };
      assert.deepEqual([sync.status, body.error?.code], [409, 'livemode_mismatch']);
      const stored = await live.repository.getTransaction(reference);
      assert.deepEqual(
        { sent, state: stored?.state },
        { sent: [], state: 'draft' },
        `a test payment was asked of production (HTTP ${sync.status} ${JSON.stringify(body)}) and left ${stored?.state}`,
      );
    });
  });
}
