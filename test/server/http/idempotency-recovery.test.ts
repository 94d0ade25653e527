/**
 * An Idempotency-Key whose first request did not get its answer kept stays usable
 * (server/http/idempotency.ts): when storing the answer fails, the key is released, as after any
 * 5xx; when neither the answer nor the release happened (the process died in between), the
 * reservation is taken over once ABANDONED_RESERVATION_MS have passed — before, it answered 409
 * `idempotency_in_progress` for ever.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ABANDONED_RESERVATION_MS } from '../../../server/repository/idempotency.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { failingOnce } from '../../support/failing-once.ts';

const SESSION = { amount: 1999, currency: 'EUR' };

for (const kind of DATABASE_KINDS) {
  describe(`an Idempotency-Key after a lost answer on ${kind}`, () => {
    let database: TestDatabase;
    let plain: TestApp;
    let app: TestApp;
    /** What fails once, the next time the middleware calls it. */
    const failing = new Set<'completeIdempotencyKey' | 'releaseIdempotencyKey'>();

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

    const post = (key: string) => app.api('/api/checkout-sessions', { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } });

    it('a key whose answer could not be stored can be retried at once', async () => {
      failing.add('completeIdempotencyKey');
      const first = await post(`lost-answer-${kind}`);
      assert.ok(first.status >= 500, `the first request answers a server error (${first.status})`);
      const retry = await post(`lost-answer-${kind}`);
      assert.equal(retry.status, 201, JSON.stringify(await retry.clone().json()));
      const replay = await post(`lost-answer-${kind}`);
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await replay.json()) as { id: string }).id, ((await retry.json()) as { id: string }).id);
    });

    it('a key whose release the database refused is let go once it answers, not held for ten minutes', async () => {
      // The outage that failed the request refuses the release too (note 34: every retry then met
      // 409 idempotency_in_progress until the reservation was abandoned); the database is back a moment later.
      failing.add('completeIdempotencyKey');
      failing.add('releaseIdempotencyKey');
      const first = await post(`outage-${kind}`);
      assert.ok(first.status >= 500, `the first request answers a server error (${first.status})`);
      let retry = await post(`outage-${kind}`);
      for (let waited = 0; retry.status === 409 && waited < 5_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        retry = await post(`outage-${kind}`);
      }
      assert.equal(retry.status, 201, `a retry seconds after the outage: ${retry.status} ${JSON.stringify(await retry.clone().json())}`);
      assert.equal(retry.headers.get('idempotent-replayed'), null, 'the retry ran the request');
    });

    it('a reservation whose request never answered is taken over once abandoned, not before (the process died: nothing released it)', async () => {
      // Neither the answer nor the release: what a process killed between them leaves.
      failing.add('completeIdempotencyKey');
      failing.add('releaseIdempotencyKey');
      const first = await post(`abandoned-${kind}`);
      assert.ok(first.status >= 500, `the first request answers a server error (${first.status})`);
      // The background release of a live process runs a second later; a dead process's never does.
      const early = await post(`abandoned-${kind}`);
      assert.equal(early.status, 409, 'still in progress as far as anyone can tell');
      plain.clock.advance(ABANDONED_RESERVATION_MS + 1000);
      // Several retries at once: one takes the reservation over and runs; each other one sees it
      // running (409) or, if it came after, replays its answer.
      const retries = await Promise.all(Array.from({ length: 5 }, () => post(`abandoned-${kind}`)));
      const ran = retries.filter((response) => response.status === 201 && response.headers.get('idempotent-replayed') !== 'true');
      assert.equal(ran.length, 1, `one retry ran: ${retries.map((response) => response.status).join(', ')}`);
      const id = ((await ran[0]!.json()) as { id: string }).id;
      for (const response of retries) {
        if (response === ran[0]) continue;
        if (response.status === 409) continue;
        assert.equal(response.status, 201);
        assert.equal(response.headers.get('idempotent-replayed'), 'true');
        assert.equal(((await response.json()) as { id: string }).id, id);
      }
      const replay = await post(`abandoned-${kind}`);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await replay.json()) as { id: string }).id, id);
    });
  });
}
