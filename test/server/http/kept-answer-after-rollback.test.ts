/**
 * Found by review r1597 (2026-12-07), now fixed.
 *
 * What is wrong: server/repository/idempotency.ts `completeIdempotencyKey` now writes every kept
 * answer into the existing `idempotency_keys.response_json` column wrapped as
 * `{"$response": <answer>, "$livemode": <platform>}`. There is no migration and no schema version
 * bump: the database still reads as one the release before can serve. That release replays
 * `JSON.parse(response_json)` as the body of a kept answer (the idempotency middleware's
 * `c.json(record.response)`).
 *
 * Why it matters: docs/deploy.md §8 "Upgrades and rollback" says: "Rollback: point the link back and
 * restart. When the new release ran no migration, that is all." This release ran none. After such
 * a rollback, for a day (the keys' lifetime), every retry under an Idempotency-Key kept by this
 * release is answered with the wrapper instead of the object: a 201 for POST
 * /api/checkout-sessions without `id`, and a 200/202 capture, refund or void without `outcome` or
 * `transaction`. A merchant's backend retrying a lost answer (the typed client does this by itself)
 * cannot read the session it created or learn whether money moved. It may create the order again
 * under a new key. The release before has no way to tell.
 *
 * Expectation: what this release keeps in `response_json` is still read, as the release before
 * reads it (the JSON value itself), as the answer that was sent. Either the platform goes
 * somewhere the release before ignores, or the database refuses the older release (a
 * migration), as §8 provides for.
 *
 * The fix: repository/idempotency.ts keeps an error answer's platform inside its error (taken out
 * when replayed) and an object answer as it is: nothing wraps the answer, which the release before
 * replays as it stands.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createAppFromDeps } from '../../support/app.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { silentLogger } from '../../../server/logger.ts';
import { MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import type { DatabaseHandle } from '../../../server/db/connect.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { API_KEY, TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

describe('r1595: an answer kept under an Idempotency-Key, read as the release before reads it', () => {
  let database: TestDatabase;
  let repository: Repository;
  let handle: DatabaseHandle;
  const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));

  before(async () => {
    database = await createTestDatabase('sqlite');
    ({ repository, handle } = await openTestRepository(database, clock));
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  it('the kept 201 of POST /api/checkout-sessions is the session itself, with its id', async () => {
    const config = parseServerConfig(TEST_ENV);
    const app = createAppFromDeps({ config: { ...config, publicUrl: config.publicUrl! }, repository, logger: silentLogger(), clock });
    const response = await app.request('/api/checkout-sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'order-1001-session' },
      body: JSON.stringify({ amount: 1999, currency: 'EUR', reference: 'order-1001' }),
    });
    assert.equal(response.status, 201);
    const session = (await response.json()) as { id: string };

    const rows = (
      await sql<{ response_json: string }>`select response_json from idempotency_keys where key = 'order-1001-session'`.execute(
        handle.db as Kysely<any>,
      )
    ).rows;
    assert.equal(rows.length, 1, 'precondition: the answer is kept');
    // What the release before replays to a retry of the key (no migration tells it this database is newer).
    const replayedByReleaseBefore = JSON.parse(rows[0]!.response_json) as Record<string, unknown>;
    assert.equal(
      replayedByReleaseBefore.id,
      session.id,
      `after a rollback without a migration (schema still ${MIGRATION_NAMES.length} migrations), the release before replays ` +
        `${JSON.stringify(Object.keys(replayedByReleaseBefore))} as the session: ${rows[0]!.response_json.slice(0, 80)}…`,
    );
  });
});
