/**
 * Alias deletions (docs/ogone-protocol.md §10), found by review r700. Two instances share the
 * database; docs/deploy.md allows their clocks to differ by up to two minutes
 * (CLOCK_SKEW_TOLERANCE_MS, server/clock.ts). The alias deleter's lease was only the upload's
 * timeout plus 5 s, so an instance whose clock was one minute ahead saw the lease of a DELALIAS
 * still on the wire as over, claimed the card and sent a second DELALIAS beside the first — which
 * §10 promises never happens ("two instances never send one card's DELALIAS twice") — and the first
 * upload's answer was thrown away as the answer of a claim no longer held. The lease now adds the
 * clock difference allowed (aliases/deletion.ts deletionLeaseMs). Real HTTP platform (holds each
 * upload), SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAliasDeleter } from '../../../server/aliases/deletion.ts';
import type { AppContext } from '../../../server/app-context.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { savedCardRecord } from '../../support/records.ts';
import { deletionInstance, heldBatchPlatform, type HeldBatchPlatform } from './held-batch-platform.ts';

const T = new Date('2026-12-05T10:00:00.000Z');
/** Instance B's clock is one minute ahead of instance A's: half of what docs/deploy.md allows. */
const SKEW_MS = 60_000;

for (const kind of DATABASE_KINDS) {
  describe(`one card's deletion on two instances whose clocks differ by one minute (${kind})`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let platform: HeldBatchPlatform;
    const clockA = manualClock(T);
    const clockB = manualClock(new Date(T.getTime() + SKEW_MS));
    let instanceA: AppContext;
    let instanceB: AppContext;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database));
      platform = await heldBatchPlatform();
      // The defaults: a 30 s upload timeout.
      const settings = { intervalMs: 0, firstRetryMs: 60_000, maxRetryMs: 3_600_000, timeoutMs: 30_000 };
      const instance = (clock: ReturnType<typeof manualClock>) => deletionInstance(repository, platform.baseUrl, settings, clock);
      instanceA = instance(clockA);
      instanceB = instance(clockB);
    });
    after(async () => {
      platform?.close();
      await repository?.close();
      await database?.drop();
    });

    it('the instance ahead does not send a second DELALIAS while the first is on the wire', async () => {
      const id = await savedCardRecord(repository, 'cust-skew', `A-cust-skew-${kind}`);
      await repository.requestAliasDeletion(id, clockA.now().toISOString());

      // Instance A's deleter claims the card and uploads its DELALIAS; the platform is slow to answer.
      const deleterA = createAliasDeleter(instanceA);
      const roundA = deleterA.runOnce();
      await platform.whenUploads(1);
      const claimed = await repository.getAlias(id);
      assert.equal(claimed?.deletionStatus, 'pending');

      // One second later (real time), instance B's deleter ticks. Its clock reads A's lease as over.
      clockA.advance(1000);
      clockB.advance(1000);
      const deleterB = createAliasDeleter(instanceB);
      const roundB = deleterB.runOnce();
      await Promise.race([roundB, platform.whenUploads(2), new Promise((resolve) => setTimeout(resolve, 2000))]);
      const uploadsWhileAHolds = platform.uploads;

      platform.release();
      const [confirmedByA, confirmedByB] = await Promise.all([roundA, roundB]);
      platform.release();
      await deleterA.close();
      await deleterB.close();

      assert.equal(
        uploadsWhileAHolds,
        1,
        `instance B, whose clock is ${SKEW_MS / 1000} s ahead (docs/deploy.md allows 120 s), claimed the card while instance A's ` +
          `DELALIAS was still on the wire (lease ${claimed?.deletionNextAttemptAt}, shorter than the upload timeout, ` +
          `a margin and CLOCK_SKEW_TOLERANCE_MS) and sent a second one: docs/ogone-protocol.md §10 promises two instances never send one ` +
          `card's DELALIAS twice, and the operator sees two Batch files for one forgotten card ` +
          `(A's confirmation was ${confirmedByA.includes(id) ? 'reported' : 'not reported'} and B's ` +
          `${confirmedByB.includes(id) ? 'reported' : 'not reported'})`,
      );
    });
  });
}
