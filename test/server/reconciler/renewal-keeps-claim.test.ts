/**
 * Renewing the claim before a sync's second query shortened it.
 *
 * Review r1272 found: a round claims each payment until `claim + interval + QUERY_BUDGET_MS` (300 + 15 s by
 * default). Before each query of a sync after the first, `beforeQuery` (server/reconciler/
 * reconciler.ts `round`) calls `renewSyncLease(reference, QUERY_BUDGET_MS, until)`, which
 * (server/repository/sync-claims.ts) SETS the lease to `now + 15 s` — no max with the lease the
 * payment already has. A sync that needs a history level (any payment with a capture, refund or
 * cancel in flight, docs/ogone-protocol.md §9) therefore drops its 315 s claim to 15 s a couple of
 * seconds into the round. The renewal was meant to extend the claim ("so it lasts as long as the
 * sync still asks"; the same code says a lease is "never shortened"), not to cut it.
 *
 * What it costs: if the sync's work after that query takes more than 15 s — the level query itself
 * may take the client's 10 s, then the answer is applied under the payment's row lock, which can
 * wait behind a feedback's transaction or a slow database (DATABASE_QUERY_TIMEOUT_SECONDS is 30 s)
 * — the claim has lapsed while the first instance is still at work, and a second instance (same
 * clock, no skew) claims the payment and queries it again: two syncs of one payment at once and a
 * second querydirect in the same round, which docs/ogone-protocol.md §9 says cannot happen ("a sync
 * of several queries … renews its claim before each, so another instance never asks about a
 * payment whose sync still asks"; DirectLink guide §5.4 on unnecessary queries).
 *
 * A renewal before a query now only ever lengthens the claim: one that ends later is left.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };

describe('two instances on one PostgreSQL, same clock', () => {
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

  it('20 s into a 300 s round, a payment whose sync is still at work is not claimed by the other instance', async () => {
    const session = sessionRecord();
    await repoA.createSession(session);
    const old = new Date(clock.now().getTime() - 3_600_000).toISOString();
    // A capture processed offline (91) for an hour: due for the reconciler's query.
    const payment = transactionRecord(session.id, { state: 'authorized', lastStatus: 91, createdAt: old, updatedAt: old });
    await repoA.createTransaction(payment);

    let working!: () => void;
    const atWork = new Promise<void>((resolve) => (working = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const queriedByB: string[] = [];

    const settings = { intervalMs: 300_000, afterMs: 900_000, logger: quiet };
    const instanceA = createReconciler({
      ...settings,
      repository: repoA,
      clock,
      sync: async (_reference, beforeQuery) => {
        await beforeQuery(); // the head query
        clock.advance(1_000);
        await beforeQuery(); // the capture's history level (PAYIDSUB)
        clock.advance(20_000); // that query (up to 10 s) and applying its answer under the row lock
        working();
        await finished;
      },
    });
    const instanceB = createReconciler({
      ...settings,
      repository: repoB,
      clock,
      sync: async (reference) => {
        queriedByB.push(reference);
      },
    });

    const roundA = instanceA.runOnce();
    await atWork;
    // 21 s after A's claim, which was made to last 315 s.
    const claimedByB = await instanceB.runOnce();
    finish();
    assert.deepEqual(await roundA, [payment.reference]);
    await instanceA.close();
    await instanceB.close();

    assert.deepEqual(claimedByB, [], "the other instance claimed a payment whose sync was still at work, 21 s into A's 315 s claim");
    assert.deepEqual(queriedByB, []);
  });
});
