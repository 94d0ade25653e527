/**
 * Found by review r710. A payment authorised only (OPERATION RES) on Ogone's test platform, before the
 * go-live switch (the same database, OGONE_ENVIRONMENT=production, DirectLink configured), is
 * captured in that platform's back office: its status-change 9 reaches the server. A first version left
 * the amount of such a 9 to a query whenever `ctx.directLink` exists (feedback/apply.ts
 * `levelsReadable`), yet no query can ever be sent about this payment: sync.ts refuses it
 * (assertSamePlatform, 409 livemode_mismatch) and the reconciler never claims it (ofPlatform).
 * "Without DirectLink no query could ever read the levels, so the 9 is counted whole" — the same
 * holds here, but the payment is left `authorized`, flagged for a query that never comes, no
 * payment.captured ever sent: the capture is never recorded.
 * Now a feedback leaves to a query only what a query will read (feedback/apply.ts): for a payment
 * of the other platform its 9 is counted as before.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a test-platform authorisation captured in its back office after the go-live switch (${kind})`, () => {
    let database: TestDatabase | undefined;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('its 9 is counted, not left to a query no server may send', async () => {
      database = await createTestDatabase(kind);
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test', OGONE_OPERATION: 'RES' } });
      apps.push(testServer);
      const reference = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await postServerFeedback(testServer, feedbackFor(reference, 5, { PAYID }))).status, 200);
      const authorised = (await testServer.repository.getTransaction(reference))!;
      assert.deepEqual([authorised.operation, authorised.state, authorised.livemode], ['RES', 'authorized', false], 'precondition');
      await testServer.close();
      apps.pop();

      // Go-live: the same database, production, DirectLink configured (production's platform,
      // which does not know the test order; nothing here should ask it).
      const liveEnv = { OGONE_ENVIRONMENT: 'production', OGONE_OPERATION: 'RES' };
      const config = parseServerConfig({ ...TEST_ENV, ...liveEnv });
      const asked: string[] = [];
      const live = await createTestApp(database, {
        env: liveEnv,
        deps: {
          directLink: createDirectLinkClient({
            config: { ...config.provider },
            fetch: async (input) => {
              asked.push(String(input));
              throw new Error('production platform: unknown order');
            },
          }),
        },
      });
      apps.push(live);

      // The merchant captures the test payment in the test platform's back office: status change 9.
      assert.equal((await postServerFeedback(live, feedbackFor(reference, 9, { PAYID }))).status, 200);
      const sync = await live.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const queried = await reconcilerRounds(live, 3);
      const stored = (await live.repository.getTransaction(reference))!;
      const captured = await live.repository.listEvents({ reference, limit: 50, type: 'payment.captured' });
      assert.equal(
        stored.state,
        'captured',
        `after the 9 the payment is ${stored.state} (capturedAmount ${stored.capturedAmount}, awaitsQuery ${stored.awaitsQuery}, ` +
          `syncNeeded ${stored.syncNeeded}), payment.captured sent ${captured.items.length} times; its sync answers ${sync.status} ` +
          `and the reconciler queried ${JSON.stringify(queried)}: the capture is left to a query that can never be sent for a ` +
          'payment of the other platform, so the test payment stays authorised for good (capture and cancel refused, the capture ' +
          'never announced) where, as without DirectLink, the 9 could only ever be counted from the feedback',
      );
      assert.equal(asked.length, 0, 'nothing is sent to the production platform about a test payment');
    });
  });
}
