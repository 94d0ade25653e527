/**
 * Review r1281: a deferral (deferSync) made during a reconciler round is overwritten by the round's
 * lease whenever it ends before the round's claim does — and commit f38bd39 widened that window
 * from 16 s to 2 min 16 s past the interval.
 *
 * server/reconciler/reconciler.ts `round`: after each sync, `renewLease(reference, leaseMs, …,
 * until)` sets the lease to now + leaseMs where it is at most `until` (= claim time + leaseMs +
 * CLAIM_MARGIN_MS + 1 s; CLAIM_MARGIN_MS is now 15 s + CLOCK_SKEW_TOLERANCE_MS = 135 s). The
 * code's own rule is "a later lease is a deferral, never shortened" (reconciler.ts, and
 * sync-claims.ts: "one it pushed later (deferSync) stays as it is"). But a deferral the sync just
 * made to a time between now + leaseMs and now + leaseMs + 136 s reads as "ours" and is cut back
 * to now + leaseMs. maintenance/sync.ts defers an unknown draft / a refused try to
 * nextQuestionAt = min(the page's payable end, now + max(age, 60 s)): with the default 300 s
 * interval, any page still payable for 301–436 s has its wait cut to 300 s.
 *
 * What it costs: the payment is asked again through DirectLink before the time its sync said it
 * could be decided (docs/ogone-protocol.md §9: an unknown draft "waits for its session's expiry"),
 * an unneeded querydirect per such payment per round (DirectLink guide: avoid unnecessary
 * queries); another instance picks it up early. Severity: minor (no money moves).
 *
 * Each renewal now names the lease this round wrote exactly (renewSyncLease's heldUntil), so a
 * deferral of any end stays as it is.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };

describe('a deferral made during a round is kept', () => {
  const clock = manualClock(new Date('2026-12-06T12:00:00.000Z'));
  let database: TestDatabase;
  let repoA: Repository;
  let repoB: Repository;

  before(async () => {
    database = await createTestDatabase('postgres');
    repoA = (await openTestRepository(database, clock)).repository;
    repoB = (await openTestRepository(database, clock)).repository;
  });
  after(async () => {
    await repoA?.close();
    await repoB?.close();
    await database?.drop();
  });

  it('a payment its sync deferred by 400 s is not queried again 310 s later', async () => {
    const session = sessionRecord();
    await repoA.createSession(session);
    const old = new Date(clock.now().getTime() - 3_600_000).toISOString();
    const payment = transactionRecord(session.id, { state: 'authorized', lastStatus: 91, createdAt: old, updatedAt: old });
    await repoA.createTransaction(payment);
    const start = clock.now().getTime();

    // Default settings: RECONCILE_INTERVAL_SECONDS=300, RECONCILE_AFTER_SECONDS=900.
    const settings = { intervalMs: 300_000, afterMs: 900_000, logger: quiet };
    const instanceA = createReconciler({
      ...settings,
      repository: repoA,
      clock,
      // The sync decides the payment cannot be settled before 12:06:40 and defers it there, as
      // maintenance/sync.ts does (deferSync(nextQuestionAt(…))).
      sync: async (reference) => {
        await repoA.deferSync(reference, new Date(start + 400_000).toISOString());
      },
    });
    assert.deepEqual(await instanceA.runOnce(), [payment.reference]);
    await instanceA.close();

    const queriedByB: string[] = [];
    const instanceB = createReconciler({
      ...settings,
      repository: repoB,
      clock,
      sync: async (reference) => {
        queriedByB.push(reference);
      },
    });
    clock.advance(310_000); // 12:05:10, 90 s before the deferral ends
    const claimedByB = await instanceB.runOnce();
    await instanceB.close();
    assert.deepEqual(claimedByB, [], 'the payment deferred to 12:06:40 was claimed and queried at 12:05:10');
    assert.deepEqual(queriedByB, []);
  });
});
