/**
 * The reconciler's claim and the clocks' allowed difference.
 *
 * Review r1270 found: a reconciler round claims its payments with a lease of `interval + QUERY_BUDGET_MS`
 * (server/reconciler/reconciler.ts `round`), stamped with the claiming instance's clock and read
 * by every other instance with its own (server/repository/sync-claims.ts `claimable`). The product
 * itself states the rule for such leases (server/clock.ts, CLOCK_SKEW_TOLERANCE_MS): "A lease one
 * instance stamps with its clock and another reads with its own must outlast what it guards by
 * this much [two minutes], or an instance ahead takes it over while its holder is still at work" —
 * and docs/deploy.md §9 tells operators that instances' clocks may differ by those two minutes
 * (the saved-card send lease and the webhook lease add them). The reconciler's lease does not.
 *
 * What it costs: with the default RECONCILE_INTERVAL_SECONDS (300), a round that works through a
 * backlog (after an outage, 50 payments due, a few seconds each) reaches its last payments some
 * 200–300 s after the claim. An instance whose clock is 90 s ahead (within the tolerance) then
 * reads their leases (claim + 315 s) as lapsed, claims them and queries them while the first
 * instance queries them too: the payment is queried twice in one round and two syncs of it run at
 * once — the very thing docs/ogone-protocol.md §9 promises cannot happen ("Claims are leased in the
 * database, so several instances query a payment once per round between them"), and the extra
 * querydirect traffic is what DirectLink guide §5.4 warns may get the merchant's access to
 * querydirect.asp restricted.
 *
 * The claim now holds for the round, a query's time and CLOCK_SKEW_TOLERANCE_MS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };

describe('two instances on one PostgreSQL, clocks 90 s apart (within the 2 minutes allowed)', () => {
  const start = new Date('2026-12-06T12:00:00.000Z');
  const clockA = manualClock(start);
  const clockB = manualClock(new Date(start.getTime() + 90_000)); // 90 s ahead: inside CLOCK_SKEW_TOLERANCE_MS
  let database: TestDatabase;
  let repoA: Repository;
  let repoB: Repository;

  before(async () => {
    database = await createTestDatabase('postgres');
    repoA = (await openTestRepository(database, clockA)).repository;
    repoB = (await openTestRepository(database, clockB)).repository;
  });
  after(async () => {
    await repoA?.close();
    await repoB?.close();
    await database?.drop();
  });

  it('a payment the first instance is still querying is not claimed and queried by the instance ahead', async () => {
    const session = sessionRecord();
    await repoA.createSession(session);
    const older = new Date(start.getTime() - 3_600_000).toISOString();
    const old = new Date(start.getTime() - 1_800_000).toISOString();
    // Two payments waiting for 3-D Secure for long: both due.
    const first = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: older, updatedAt: older });
    const last = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: old, updatedAt: old });
    await repoA.createTransaction(first);
    await repoA.createTransaction(last);

    const queriedByA: string[] = [];
    const queriedByB: string[] = [];
    let lastStarted!: () => void;
    const lastInFlight = new Promise<void>((resolve) => (lastStarted = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));

    // Default settings: RECONCILE_INTERVAL_SECONDS=300 (the lease is the interval), RECONCILE_AFTER_SECONDS=900.
    const settings = { intervalMs: 300_000, afterMs: 900_000, logger: quiet };
    const instanceA = createReconciler({
      ...settings,
      repository: repoA,
      clock: clockA,
      sync: async (reference) => {
        queriedByA.push(reference);
        if (reference === first.reference) {
          // The round's earlier payments took 240 s (a backlog after an outage): both clocks move on.
          clockA.advance(240_000);
          clockB.advance(240_000);
          return;
        }
        lastStarted();
        await finished; // its querydirect is on the wire, well inside the first round's 300 s
      },
    });
    const instanceB = createReconciler({
      ...settings,
      repository: repoB,
      clock: clockB,
      sync: async (reference) => {
        queriedByB.push(reference);
      },
    });

    const roundA = instanceA.runOnce();
    await lastInFlight;
    // A's clock: claim + 240 s (60 s before its round's own end). B's: claim + 330 s.
    const claimedByB = await instanceB.runOnce();
    finish();
    assert.deepEqual(await roundA, [first.reference, last.reference]);
    await instanceA.close();
    await instanceB.close();

    assert.deepEqual(claimedByB, [], 'the instance ahead claimed a payment whose query was still in flight on the other');
    assert.deepEqual(queriedByB, []);
  });
});
