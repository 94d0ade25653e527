/**
 * Idempotency keys answer a retry with the first request's stored answer for a day (Stripe's
 * window, repository/idempotency.ts IDEMPOTENCY_KEY_TTL_MS), and no longer: the answer holds the
 * session's customer (name, e-mail, address) or a payment's card holder, and used to be kept for
 * good — past RETENTION_DAYS, replayed by the same key 401 days later. The retention pass now
 * deletes keys older than a day, and an expired key is a new request even before it ran.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { createAppFromDeps } from '../../support/app.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { silentLogger } from '../../../server/logger.ts';
import type { DatabaseHandle } from '../../../server/db/connect.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { API_KEY, TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const session = {
  amount: 1999,
  currency: 'EUR',
  customer: {
    id: 'cust-42',
    name: 'Bárbara Souza',
    email: 'barbara@example.com',
    address: { line1: 'Rua 1', town: 'Lisboa', country: 'PT' },
  },
};

for (const kind of DATABASE_KINDS) {
  describe(`idempotency keys over time on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let handle: DatabaseHandle;
    const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
    let post: (key: string) => Promise<{ status: number; id: string; replayed: boolean }>;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository, handle } = await openTestRepository(database, clock));
      const config = parseServerConfig(TEST_ENV);
      const app = createAppFromDeps({ config: { ...config, publicUrl: config.publicUrl! }, repository, logger: silentLogger(), clock });
      post = async (key) => {
        const response = await app.request('/api/checkout-sessions', {
          method: 'POST',
          headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(session),
        });
        const body = (await response.json()) as { id: string };
        return { status: response.status, id: body.id, replayed: response.headers.get('idempotent-replayed') === 'true' };
      };
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    const storedAnswers = async () =>
      (await sql<{ response_json: string }>`select response_json from idempotency_keys`.execute(handle.db as Kysely<any>)).rows.map(
        (row) => row.response_json,
      );

    it('a key replays its answer within a day, is a new request after it, and the pass deletes it', async () => {
      const first = await post(`day-${kind}`);
      assert.equal(first.status, 201);
      clock.advance(23 * 3600_000);
      const retried = await post(`day-${kind}`);
      assert.deepEqual([retried.id, retried.replayed], [first.id, true], 'within a day: the first answer');

      clock.advance(2 * 3600_000);
      const later = await post(`day-${kind}`);
      assert.equal(later.status, 201);
      assert.notEqual(later.id, first.id, 'after a day the key is a new request');

      clock.advance(401 * DAY_MS);
      assert.ok(
        (await storedAnswers()).some((answer) => answer.includes('barbara@example.com')),
        'kept until the pass',
      );
      const purger = createRetentionPurger({ repository, clock, retentionDays: 400, logger: { info() {}, warn() {} } });
      await purger.runOnce();
      await purger.close();
      assert.deepEqual(await storedAnswers(), [], 'no stored answer, so no customer, past its day');
    });
  });
}
