/**
 * A DELETE /api/buttons/:id whose answer was not kept under its Idempotency-Key (the write failed:
 * a 5xx, the key released) is told on its retry with the same key that the button was deleted —
 * not 404 for what it deleted itself (review r1330, found on DELETE /api/aliases/:id). The retry
 * takes the key over from the same request (repository/idempotency.ts `resumed`); another key, or
 * none, still gets 404 for a button already deleted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { failingOnce } from '../../support/failing-once.ts';

for (const kind of DATABASE_KINDS) {
  describe(`DELETE /api/buttons/:id retried under its key after a lost answer on ${kind}`, () => {
    let database: TestDatabase;
    let plain: TestApp;
    let app: TestApp;
    /** What fails once, the next time the middleware calls it. */
    const failing = new Set<'completeIdempotencyKey'>();

    before(async () => {
      database = await createTestDatabase(kind);
      plain = await createTestApp(database);
      const repository = failingOnce(plain.repository, failing);
      app = await createTestApp(database, { deps: { repository } });
    });
    after(async () => {
      await app?.close();
      await plain?.close();
      await database?.drop();
    });

    it('answers the retry with the deletion it made, not 404', async () => {
      const created = await app.api('/api/buttons', {
        method: 'POST',
        json: { name: 'Mug', amount: 350, currency: 'EUR', maxQuantity: 5 },
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      const remove = (key?: string) =>
        app.api(`/api/buttons/${id}`, { method: 'DELETE', ...(key ? { headers: { 'idempotency-key': key } } : {}) });

      failing.add('completeIdempotencyKey');
      const first = await remove('remove-mug');
      assert.ok(first.status >= 500, `the first request's answer was lost (${first.status})`);

      const retry = await remove('remove-mug');
      assert.equal(retry.status, 200, JSON.stringify(await retry.clone().json()));
      assert.deepEqual(await retry.json(), { id, deleted: true, livemode: false });

      assert.equal((await remove('another-key')).status, 404);
      assert.equal((await remove()).status, 404);
    });
  });
}
