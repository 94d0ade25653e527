/**
 * `DELETE /api/aliases/:id` while the deletion is already being uploaded by someone else in this
 * process — the background deleter's tick, or a concurrent DELETE (aliases/deletion.ts). The
 * request waits for that upload's outcome and answers 200 once the platform confirmed, instead of
 * a 202 while the answer is a moment away; still one upload in all. The platform is a real HTTP
 * server that holds each Batch upload until the test releases it. SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAliasDeleter, forgetAlias } from '../../../server/aliases/deletion.ts';
import type { AppContext } from '../../../server/app-context.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { savedCardRecord } from '../../support/records.ts';
import { deletionInstance, heldBatchPlatform, type HeldBatchPlatform } from './held-batch-platform.ts';
import type { Repository } from '../../../server/repository/types.ts';

for (const kind of DATABASE_KINDS) {
  describe(`forgetting a card while its upload is in flight, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let platform: HeldBatchPlatform;
    let ctx: AppContext;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database));
      platform = await heldBatchPlatform();
      ctx = deletionInstance(repository, platform.baseUrl, { intervalMs: 0, firstRetryMs: 60_000, maxRetryMs: 60_000, timeoutMs: 10_000 });
    });
    after(async () => {
      platform?.close();
      await repository?.close();
      await database?.drop();
    });

    const savedCard = (customerId: string) => savedCardRecord(repository, customerId, `A-${customerId}-${kind}`);

    it('the background deleter holds the claim: the DELETE waits for its upload and answers 200', async () => {
      const id = await savedCard('cust-tick');
      // The deleter's tick finds the card marked (as it would between a request's mark and claim).
      await repository.requestAliasDeletion(id, ctx.clock.now().toISOString());
      const deleter = createAliasDeleter(ctx);
      const round = deleter.runOnce();
      await platform.whenHolding();
      const uploadsBefore = platform.uploads;

      let answered = false;
      const request = forgetAlias(ctx, id).finally(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(answered, false, 'the request waits for the upload in flight');
      platform.release();
      const answer = await request;
      assert.equal(answer.status, 200);
      assert.equal(answer.body.deletionStatus, 'deleted');
      assert.deepEqual(await round, [id]);
      assert.equal(platform.uploads, uploadsBefore, 'no second upload');
      await deleter.close();
    });

    it('three concurrent DELETEs: one upload; none answers 202 while it is in flight', async () => {
      const id = await savedCard('cust-three');
      const uploadsBefore = platform.uploads;
      // A DELETE that reads the card only after the confirmation finds nothing left: 404.
      const requests = [1, 2, 3].map(() =>
        forgetAlias(ctx, id).then(
          (answer) => answer.status,
          (error: { code?: string }) => (error.code === 'not_found' ? 404 : Promise.reject(error)),
        ),
      );
      await platform.whenHolding();
      await new Promise((resolve) => setTimeout(resolve, 50));
      platform.release();
      const statuses = await Promise.all(requests);
      assert.ok(statuses.includes(200), String(statuses));
      assert.ok(
        statuses.every((s) => s === 200 || s === 404),
        String(statuses),
      );
      assert.equal(platform.uploads, uploadsBefore + 1);
      const events = await repository.listEvents({ limit: 50, type: 'alias.deleted' });
      assert.equal(events.items.filter((e) => (e.data as { id: string }).id === id).length, 1);
    });
  });
}
