/**
 * Two reconcilers (two instances) on one database: a query still in flight when its round's time
 * is up must not be claimed and sent again by the other instance; once it is done, the payment is
 * due again a round later for the instance that asked (the other waits for the clocks' allowed
 * difference more).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { manualClock } from '../../../server/clock.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`reconciler leases on ${kind}`, () => {
    // The rounds' leases are read on this clock, moved by the test alone: a loaded machine's slow
    // reads and writes (a claim of 400 ms on a busy CI runner) no longer use up a 300 ms lease.
    const clock = manualClock(new Date());
    const ago = (ms: number) => new Date(clock.now().getTime() - ms).toISOString();
    // The repository's close() is its handle's, which destroys the Kysely instance as before.
    const store = useTestRepository(kind, clock);

    it('a slow query outlives its round: the other instance does not send it again', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const old = ago(60_000);
      const payment = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: old, updatedAt: old });
      await store.repository.createTransaction(payment);

      const queries: string[] = [];
      let queryStarted!: () => void;
      const started = new Promise<void>((resolve) => (queryStarted = resolve));
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const slowSync = async (reference: string) => {
        queries.push(reference);
        queryStarted();
        await answered; // until the test lets it end, past the round's lease below
      };
      const options = { repository: store.repository, clock, intervalMs: 300, leaseMs: 300, afterMs: 0, logger: quiet };
      const first = createReconciler({ ...options, sync: slowSync });
      const second = createReconciler({ ...options, sync: slowSync });

      const firstRound = first.runOnce();
      await started;
      clock.advance(450); // the first round's lease (300 ms) is over, its query still in flight
      assert.deepEqual(await second.runOnce(), [], 'the payment in flight is not claimed again');
      clock.advance(250);
      answer();
      assert.deepEqual(await firstRound, [payment.reference]);
      assert.deepEqual(queries, [payment.reference]);

      // Done: still unresolved, so a round later the instance that asked asks again; the other one
      // only once its lease and the clocks' allowed difference have passed (review r1475: an
      // instance whose clock is ahead asked again within the round).
      assert.deepEqual(await first.runOnce(), [], 'not before a round has passed');
      assert.deepEqual(await second.runOnce(), [], 'not before a round has passed');
      clock.advance(350);
      assert.deepEqual(await second.runOnce(), [], 'not by the other instance within the clocks’ allowed difference');
      assert.deepEqual(await first.runOnce(), [payment.reference]);
      await first.close();
      await second.close();
    });

    it('a round out of time hands back the payments it did not query: the next round asks about them at once', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      // Changed before any other test's payment, so these two come first in every round.
      const older = ago(300_000);
      const old = ago(240_000);
      const first = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: older, updatedAt: older });
      const second = transactionRecord(session.id, { state: 'pending', lastStatus: 46, createdAt: old, updatedAt: old });
      await store.repository.createTransaction(first);
      await store.repository.createTransaction(second);

      const queries: string[] = [];
      const slowSync = async (reference: string) => {
        queries.push(reference);
        clock.advance(400); // past the round's lease: the round stops after this one
      };
      const options = { repository: store.repository, clock, intervalMs: 300, leaseMs: 300, afterMs: 0, logger: quiet };
      const reconciler = createReconciler({ ...options, sync: slowSync });
      assert.deepEqual(await reconciler.runOnce(), [first.reference], 'the least recently changed first, then time is up');
      // Without the hand-back the second payment stayed claimed for the query budget (15 s).
      assert.deepEqual(await reconciler.runOnce(), [second.reference]);
      assert.deepEqual(queries, [first.reference, second.reference]);
      await reconciler.close();
    });
  });
}
