/**
 * Review r1010. The dashboard summary's `failedDeliveries` ("N webhook deliveries failed", the banner of
 * summary-view.ts) counts every failed event whatever platform it was made for. README ("go
 * live", step 4) says the database may stay across the switch and "every … event keeps the
 * `livemode` of the platform it was made for", and the summary route (dashboard-summary.ts) says
 * "after the go-live switch the test payments are left out, the flagged ones too" — its
 * `needsAttention` is filtered with ofPlatform, `failedDeliveries` is not. Events given up during
 * the test phase (failed ones are never pruned: EVENT_RETENTION_DAYS deletes delivered ones only)
 * keep telling the live dashboard that production deliveries failed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

describe('failedDeliveries across the go-live switch (sqlite)', () => {
  let database: TestDatabase;
  let testRepo: Repository;
  let liveRepo: Repository;
  const clock = manualClock(new Date('2025-02-01T00:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase('sqlite');
    ({ repository: testRepo } = await openTestRepository(database, clock, { livemode: false }));
  });
  after(async () => {
    await testRepo?.close();
    await liveRepo?.close();
    await database?.drop();
  });

  it("does not count the test platform's failed events on the production dashboard", async () => {
    // Test phase: an event the merchant's endpoint never accepted, given up after 72 hours.
    const [event] = await testRepo.insertEvents([{ type: 'payment.captured', reference: 'TEST-1', data: { reference: 'TEST-1' } }]);
    assert.equal(event!.livemode, false);
    await testRepo.recordDelivery(event!.id, { statusCode: 500, error: 'HTTP 500', ok: false }, { status: 'failed' });
    const window = { from: '2025-01-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' };
    assert.equal((await testRepo.summarizeTransactions(window)).failedDeliveries, 1, 'the test dashboard counts it');
    await testRepo.close();
    testRepo = undefined as unknown as Repository;

    // Go live on the same database: OGONE_ENVIRONMENT=production.
    ({ repository: liveRepo } = await openTestRepository(database, clock, { livemode: true }));
    const summary = await liveRepo.summarizeTransactions(window);
    assert.equal(summary.needsAttention, 0);
    assert.equal(summary.failedDeliveries, 0, 'a test-platform event that failed is reported as a failed delivery on the live dashboard');
  });
});
