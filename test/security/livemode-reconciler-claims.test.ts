/**
 * The reconciler after the go-live switch on one database. README "Going live": a sync of a test
 * payment answers 409 livemode_mismatch and "the reconciler leaves such payments alone, logging
 * why, until its maximum age flags them". It did not leave them alone: claimForSync
 * (repository/sync-claims.ts) selected due payments whatever their livemode, oldest first, and
 * each refused sync only renewed its claim for one interval. With two batches' worth of test
 * drafts made before the switch (abandoned test checkouts), every round claimed 50 of them, every
 * query was refused, and a live payment whose feedback was lost was never asked about.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createAppContext } from '../../server/create-app-context.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { silentLogger } from '../../server/logger.ts';
import { syncTransaction } from '../../server/maintenance/index.ts';
import { createReconciler } from '../../server/reconciler/reconciler.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const MINUTE = 60_000;
// RECONCILE_INTERVAL_SECONDS and RECONCILE_AFTER_SECONDS defaults; the default batch (50).
const INTERVAL_MS = 300_000;
const TEST_DRAFTS = 100;

describe('the reconciler on the production server, test payments still unresolved', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('still queries the live payment that waits for its query', async () => {
    database = await createTestDatabase('sqlite');
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    // The last day of testing: checkouts opened on the test platform, never finished.
    for (let i = 0; i < TEST_DRAFTS; i++) await newHostedAttempt(testServer, { amount: 1000 + i, currency: 'EUR' });
    await testServer.close();

    const asked: string[] = [];
    const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: 'production' });
    const directLink = createDirectLinkClient({
      config: { ...config.provider },
      fetch: async (_input, init) => {
        const orderId = new URLSearchParams(String(init?.body ?? '')).get('ORDERID') ?? '';
        asked.push(orderId);
        // The shopper paid: production knows the live order (authorised).
        return new Response(
          `<ncresponse orderID="${orderId}" PAYID="777001" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" STATUS="5" amount="19.99" currency="EUR" PM="CreditCard" BRAND="VISA"/>`,
          { status: 200, headers: { 'content-type': 'text/xml' } },
        );
      },
    });
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' }, deps: { directLink } });
    apps.push(live);
    live.clock.advance(5 * MINUTE);
    // A live shopper went to Ogone's page, paid, and the feedback was lost.
    const liveReference = await newHostedAttempt(live, { amount: 1999, currency: 'EUR' });
    assert.equal((await live.repository.getTransaction(liveReference))?.livemode, true);

    const ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository: live.repository,
      logger: silentLogger(),
      clock: live.clock,
      directLink,
    });
    const reconciler = createReconciler({
      repository: live.repository,
      sync: (reference, beforeQuery) => syncTransaction(ctx, reference, { beforeQuery }),
      clock: live.clock,
      intervalMs: INTERVAL_MS,
      afterMs: 900_000,
      logger: { info() {}, warn() {} },
    });
    // The draft is due 10 minutes after it was made; then an hour of rounds every 5 minutes (each
    // starting just before the previous round's claims lapse, as a timer's rounds do).
    live.clock.advance(11 * MINUTE);
    for (let round = 0; round < 12; round++) {
      await reconciler.runOnce();
      live.clock.advance(INTERVAL_MS - 1000);
    }
    await reconciler.close();
    const state = (await live.repository.getTransaction(liveReference))?.state;
    assert.ok(
      asked.includes(liveReference),
      `an hour of reconciliation never asked about the live payment ${liveReference} (still ${state}); ` +
        `the rounds were spent on ${TEST_DRAFTS} test payments, each refused livemode_mismatch`,
    );
    assert.equal(state, 'authorized');
  });
});
