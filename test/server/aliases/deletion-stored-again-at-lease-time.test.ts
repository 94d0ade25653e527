/**
 * Alias deletions (docs/ogone-protocol.md §10 and §15). An attempt's answer is recorded only while
 * its claim still holds the card, and `deleteStoredAgain` (the FlexCheckout link reopened: the
 * platform stored the alias again) makes the card due by writing its own clock's `now` into the
 * column the lease is kept in. Review r700 found the lease alone was a time, not a token: an
 * instance handling the return whose clock was ahead of the deleter's by exactly the lease wrote
 * the lease itself, the answer to the DELALIAS sent before the alias was stored again was recorded
 * as the deletion done, and the card stayed stored at the platform for good with nothing of ours
 * left to delete it. The claim is now the lease and the request it deletes, which a card made due
 * again cannot both repeat — even with clocks further apart than docs/deploy.md allows. Real HTTP
 * platform (holds the upload), the merchant's DELETE as the route runs it, SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deletionLeaseMs, forgetAlias } from '../../../server/aliases/deletion.ts';
import type { AppContext } from '../../../server/app-context.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { savedCardRecord } from '../../support/records.ts';
import { deletionInstance, heldBatchPlatform, type HeldBatchPlatform } from './held-batch-platform.ts';

const T = new Date('2026-12-05T10:00:00.000Z');
const TIMEOUT_MS = 30_000;
const SETTINGS = { intervalMs: 0, firstRetryMs: 60_000, maxRetryMs: 3_600_000, timeoutMs: TIMEOUT_MS };
/** The deleter's lease: the upload's timeout, a margin and the clock difference allowed (155 s). */
const LEASE_MS = deletionLeaseMs(SETTINGS);

for (const kind of DATABASE_KINDS) {
  describe(`a card stored again, made due at a time equal to the DELALIAS's lease (${kind})`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let platform: HeldBatchPlatform;
    const clockA = manualClock(T);
    let instanceA: AppContext;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database));
      platform = await heldBatchPlatform();
      instanceA = deletionInstance(repository, platform.baseUrl, SETTINGS, clockA);
    });
    after(async () => {
      platform?.close();
      await repository?.close();
      await database?.drop();
    });

    it('the answer to the DELALIAS sent before the alias was stored again is not the deletion done', async () => {
      const customerId = 'cust-coincidence';
      const id = await savedCardRecord(repository, customerId, `A-${customerId}-${kind}`);
      const card = (await repository.getAlias(id))!;

      // The merchant forgets the card on instance A: its DELETE claims the deletion and uploads DELALIAS.
      const deleting = forgetAlias(instanceA, id);
      await platform.whenHolding();
      const lease = (await repository.getAlias(id))?.deletionNextAttemptAt;
      assert.equal(lease, new Date(T.getTime() + LEASE_MS).toISOString(), 'precondition: the DELETE holds its lease');

      // Meanwhile the platform deleted the alias, and the shopper reopens the setup session's signed
      // FlexCheckout link: the platform stores the alias again, and the return lands on instance B,
      // whose clock is ahead of A's by exactly the lease. deleteStoredAgain, as setup-return.ts
      // calls it, makes the card due again "now" by B's clock: the lease's very value.
      const nowOnB = new Date(T.getTime() + LEASE_MS).toISOString();
      assert.equal(await repository.deleteStoredAgain(customerId, card.reference, nowOnB), 'forgotten');

      // The platform's answer to the DELALIAS sent before arrives at instance A.
      platform.release();
      const answer = await deleting;
      const after = await repository.getAlias(id);
      assert.deepEqual(
        [after?.deletionStatus, answer.status],
        ['pending', 202],
        `the card was stored again at the platform after the DELALIAS on the wire, yet that DELALIAS's confirmation was ` +
          `recorded as the deletion done (status ${after?.deletionStatus}, DELETE answered ${answer.status}): the value ` +
          `deleteStoredAgain wrote (${nowOnB}, instance B's now) equals the DELETE's lease, so recordAliasDeletion took it ` +
          `for the same claim. The shopper's card stays stored at the platform for good, unknown to the customer's cards, ` +
          `and nothing of ours will ever send DELALIAS for it again (docs/ogone-protocol.md §10, §15)`,
      );
    });
  });
}
