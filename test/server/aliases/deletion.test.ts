/**
 * The repository's side of forgetting a saved card (docs/ogone-protocol.md §10), on a real
 * SQLite file and a fresh PostgreSQL database: pending hides the card, concurrent claims give
 * each due deletion to one caller, a failure pushes the next attempt, a confirmation happens once
 * with its event in the same transaction.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { savedCardRecord } from '../../support/records.ts';
import type { AliasDeletionClaim } from '../../../server/repository/records/aliases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`alias deletions on ${kind}`, () => {
    const clock = manualClock(new Date('2025-03-01T12:00:00.000Z'));
    const store = useTestRepository(kind, clock);

    const alias = (customerId: string) => savedCardRecord(store.repository, customerId, `A-${customerId}-${kind}`);

    const now = () => clock.now().toISOString();
    const confirmed = (at: string, claim: AliasDeletionClaim) => ({
      ok: true as const,
      at,
      claim,
      event: (a: { id: string; reference: string }) => ({ type: 'alias.deleted', reference: a.reference, data: { id: a.id } }),
    });

    it('pending hides the card; concurrent claims hand it to one caller; a failure pushes the next attempt', async () => {
      const id = await alias('cust-a');
      const marked = await store.repository.requestAliasDeletion(id, now());
      assert.equal(marked?.deletionStatus, 'pending');
      assert.equal(marked?.deletedAt, null);
      assert.deepEqual(await store.repository.listAliases('cust-a'), []);
      // Asking again changes nothing (still the first request's time).
      clock.advance(1000);
      assert.equal((await store.repository.requestAliasDeletion(id, now()))?.deletionRequestedAt, marked?.deletionRequestedAt);

      const claims = await Promise.all(
        [1, 2, 3, 4].map(() => store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: 30_000, id })),
      );
      assert.equal(claims.flat().length, 1, 'one caller holds the deletion');
      const claim = claims.flat()[0]!;
      assert.deepEqual(await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: 30_000 }), [], 'leased');

      const next = new Date(clock.now().getTime() + 60_000).toISOString();
      assert.equal(await store.repository.recordAliasDeletion(id, { ok: false, error: 'HTTP 503', nextAttemptAt: next, claim }), true);
      const failed = await store.repository.getAlias(id);
      assert.deepEqual([failed?.deletionAttempts, failed?.deletionLastError, failed?.deletionNextAttemptAt], [1, 'HTTP 503', next]);
      clock.advance(60_000);
      const [again] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: 30_000 });
      assert.equal(again?.id, id);
    });

    it('a confirmation happens once, with one alias.deleted event', async () => {
      const id = await alias('cust-b');
      await store.repository.requestAliasDeletion(id, now());
      const [claimed] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: 30_000, id });
      const results = await Promise.all([1, 2, 3].map(() => store.repository.recordAliasDeletion(id, confirmed(now(), claimed!))));
      assert.deepEqual(results.filter(Boolean).length, 1);
      const deleted = await store.repository.getAlias(id);
      assert.equal(deleted?.deletionStatus, 'done');
      assert.equal(deleted?.deletedAt, now());
      const events = await store.repository.listEvents({ limit: 50, type: 'alias.deleted' });
      assert.equal(events.items.filter((e) => (e.data as { id: string }).id === id).length, 1);
      // Deleted: neither requested again nor claimable.
      assert.equal((await store.repository.requestAliasDeletion(id, now()))?.deletionStatus, 'done');
      assert.deepEqual(await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: 1, id }), []);
    });
  });
}
