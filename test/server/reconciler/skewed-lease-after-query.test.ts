/**
 * Found by review r1475 (2026-12-07), now fixed.
 * The fix: the lease written back after a query adds CLOCK_SKEW_TOLERANCE_MS, and the instance
 * that wrote it hands it back itself a round later (reconciler.ts `handBackOwnLeases`), so it
 * still asks once a round while no other instance asks earlier.
 *
 * What was wrong: server/reconciler/reconciler.ts `round` — once a payment's sync is done, its claim
 * is "brought back to `leaseMs`" with `renewLease(reference, leaseMs, ...)`, i.e. the lease is
 * stamped `now + leaseMs` on the querying instance's clock, without CLOCK_SKEW_TOLERANCE_MS. The
 * round's own claim adds the tolerance (CLAIM_MARGIN_MS), but the lease that must keep the payment
 * from being asked again within the round does not. Another instance whose clock is ahead (within
 * the two minutes docs/deploy.md §9 and server/clock.ts allow) reads that lease as lapsed early
 * (server/repository/sync-claims.ts `claimable`) and queries the payment again.
 *
 * Why it matters: docs/ogone-protocol.md §9 promises "several instances query a payment once per
 * round between them" and that "a claim allows for the instances' clocks being two minutes apart";
 * DirectLink guide §5.4 forbids systematic queries (querydirect access may be restricted). With
 * the default round (RECONCILE_INTERVAL_SECONDS=300) and clocks 90 s apart, the payment is queried
 * twice 220 s apart; with RECONCILE_INTERVAL_SECONDS=60 it is queried again at once.
 *
 * Expectation: after instance A queried a payment, instance B (clock 90 s ahead) does not query
 * it again before a round (300 s) has passed since A's query.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };

// Several instances share a database on PostgreSQL (README "Scaling": one instance on SQLite).
for (const kind of ['postgres'] as const) {
  describe(`two reconcilers on one ${kind} database, clocks 90 s apart`, () => {
    const start = new Date('2026-12-06T12:00:00.000Z');
    const clockA = manualClock(start);
    const clockB = manualClock(new Date(start.getTime() + 90_000));
    let database: TestDatabase;
    let repoA: Repository;
    let repoB: Repository;

    before(async () => {
      database = await createTestDatabase(kind);
      repoA = (await openTestRepository(database, clockA)).repository;
      repoB = (await openTestRepository(database, clockB)).repository;
    });
    after(async () => {
      await repoA?.close();
      await repoB?.close();
      await database?.drop();
    });

    it('a payment queried by one instance is not queried again by the instance ahead within the same round', async () => {
      const session = sessionRecord();
      await repoA.createSession(session);
      const old = new Date(start.getTime() - 3_600_000).toISOString();
      const payment = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: old, updatedAt: old });
      await repoA.createTransaction(payment);

      const queries: { instance: string; at: number }[] = [];
      let realTime = start.getTime();
      const settings = { intervalMs: 300_000, afterMs: 900_000, logger: quiet };
      const instanceA = createReconciler({
        ...settings,
        repository: repoA,
        clock: clockA,
        sync: async () => {
          queries.push({ instance: 'A', at: realTime });
        },
      });
      const instanceB = createReconciler({
        ...settings,
        repository: repoB,
        clock: clockB,
        sync: async () => {
          queries.push({ instance: 'B', at: realTime });
        },
      });
      try {
        assert.deepEqual(await instanceA.runOnce(), [payment.reference]);
        // 220 s later (real time): less than a round since A's query; B's clock reads 310 s.
        clockA.advance(220_000);
        clockB.advance(220_000);
        realTime += 220_000;
        const byB = await instanceB.runOnce();
        assert.deepEqual(
          byB,
          [],
          `the payment was queried by A, then again by B (clock 90 s ahead, within the 2 minutes allowed) only ` +
            `${(queries.at(-1)!.at - queries[0]!.at) / 1000} s later, inside one 300 s round: the lease written after ` +
            `A's query (now + leaseMs on A's clock) leaves out the clock tolerance; queries: ${JSON.stringify(queries)}`,
        );
      } finally {
        await instanceA.close();
        await instanceB.close();
      }
    });
  });
}
