/**
 * A late release of one reservation frees a later takeover stamped with the same time.
 *
 * Review r1261 found: releaseIdempotencyKey (server/repository/idempotency.ts) identifies "its" reservation by
 * `created_at = reservedAt`, and a takeover stamps `created_at` with its own instance's clock
 * (millisecond ISO text). Two reservations of a key can carry the same stamp: two instances whose
 * clocks differ (CLOCK_SKEW_TOLERANCE_MS allows 120 s; docs/deploy.md §9), or one clock stepped back
 * by NTP. Then the background release of the first request (http/idempotency.ts releaseLater — run
 * again because its first try's answer was lost, e.g. DATABASE_QUERY_TIMEOUT_SECONDS closing the
 * connection after the UPDATE landed) lets go of the second request's reservation while that
 * request is still running, and a third retry of the key runs beside it.
 *
 * Suffered: README ("Idempotency-Key … a concurrent duplicate gets 409") and the change's own
 * promise ("each release names its own reservation, never a later one that took the key over") are
 * broken: a merchant's retried saved-card charge (POST /api/aliases/:id/charge) or session creation
 * runs twice at once — two orders sent for one request.
 *
 * A takeover is now stamped at least a millisecond after the reservation it replaces
 * (repository/idempotency.ts laterThan), so a release naming the old stamp matches nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';

describe('a late release and a takeover stamped with the same millisecond (two instances, one PostgreSQL)', () => {
  let database: TestDatabase;
  let instanceA: Repository;
  let instanceB: Repository;
  const clockA = manualClock(new Date('2026-12-06T12:00:00.000Z'));
  // Instance B's clock is 400 ms behind A's, well inside CLOCK_SKEW_TOLERANCE_MS (120 s).
  const clockB = manualClock(new Date('2026-12-06T11:59:59.600Z'));

  before(async () => {
    database = await createTestDatabase('postgres');
    instanceA = (await openTestRepository(database, clockA)).repository;
    instanceB = (await openTestRepository(database, clockB)).repository;
  });
  after(async () => {
    await instanceA?.close();
    await instanceB?.close();
    await database?.drop();
  });

  it('the first request’s late release leaves the takeover in progress (the next duplicate gets 409)', async () => {
    const scope = 'POST /api/aliases/al_1/charge';
    // Instance A: the first request reserves the key at A's 12:00:00.000.
    const first = await instanceA.reserveIdempotencyKey(scope, 'charge-1', 'body-hash');
    assert.equal(first.kind, 'reserved');
    // It fails 400 ms later (a 5xx); its release lands, but its answer is lost: releaseLater will try again.
    clockA.advance(400);
    clockB.advance(400);
    await instanceA.releaseIdempotencyKey(scope, 'charge-1', first.kind === 'reserved' ? first.reservedAt : '');
    // The client retries at once, through instance B, whose clock now reads 12:00:00.000: the takeover.
    const second = await instanceB.reserveIdempotencyKey(scope, 'charge-1', 'body-hash');
    assert.equal(second.kind, 'reserved', 'the retry takes the released key over');
    // Instance A's background retry of its release (the same reservation it always named).
    await instanceA.releaseIdempotencyKey(scope, 'charge-1', first.kind === 'reserved' ? first.reservedAt : '');
    // The second request is still running: a duplicate now must be told so, not run a third time.
    const third = await instanceB.reserveIdempotencyKey(scope, 'charge-1', 'body-hash');
    assert.equal(third.kind, 'existing', 'a duplicate while the takeover still runs is refused (409), not run beside it');
    assert.equal(third.kind === 'existing' && third.record.statusCode, 0);
  });
});
