/**
 * A forgotten card's DELALIAS is on its way when the platform stores the alias again (the setup
 * session's signed FlexCheckout link reopened: docs/ogone-protocol.md §15), and the card is made
 * due for deletion again (`deleteStoredAgain`). The answer to the DELALIAS sent before says
 * nothing of the alias stored since: recorded as the deletion done, the card stayed stored at the
 * platform for good with nothing of ours left to delete it. An attempt is recorded only while the
 * claim that sent it is still the alias's (its lease, `deletion_next_attempt_at`); otherwise the
 * next claim sends DELALIAS again, which the platform answers as for any alias (a second one is
 * harmless). On a real SQLite file and a fresh PostgreSQL database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { savedCardRecord } from '../../support/records.ts';

const LEASE_MS = 30_000;
const START = new Date('2025-03-01T12:00:00.000Z');

for (const kind of DATABASE_KINDS) {
  describe(`a card stored again while its deletion is on its way (${kind})`, () => {
    const clock = manualClock(START);
    const store = useTestRepository(kind, clock);
    const now = () => clock.now().toISOString();
    const deletedEvent = (a: { id: string; reference: string }) => ({ type: 'alias.deleted', reference: a.reference, data: { id: a.id } });

    /** A saved card forgotten, its deletion claimed (the DELALIAS under way). */
    async function deletionOnItsWay(customerId: string) {
      clock.set(START);
      const id = await savedCardRecord(store.repository, customerId, `A-${customerId}-${kind}`);
      await store.repository.requestAliasDeletion(id, now());
      const [claimed] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: LEASE_MS, id });
      assert.ok(claimed, 'the deletion is claimed');
      assert.equal(claimed.deletionNextAttemptAt, '2025-03-01T12:00:30.000Z', 'leased 30 s from the claim');
      // The platform stores the alias again meanwhile: due for deletion again at once.
      clock.advance(1000);
      assert.equal(await store.repository.deleteStoredAgain(customerId, claimed.reference, now()), 'forgotten');
      return claimed;
    }

    it('the confirmation of the DELALIAS sent before is not the deletion done: sent again', async () => {
      const claimed = await deletionOnItsWay('cust-again-ok');
      clock.advance(1000);
      const recorded = await store.repository.recordAliasDeletion(claimed.id, {
        ok: true,
        at: now(),
        claim: claimed,
        event: deletedEvent,
      });
      assert.equal(recorded, false, 'an answer about the alias as it was before it was stored again');
      const pending = await store.repository.getAlias(claimed.id);
      assert.deepEqual(
        [pending?.deletionStatus, pending?.deletedAt, pending?.deletionNextAttemptAt],
        ['pending', null, '2025-03-01T12:00:01.000Z'],
        'still to delete, due since it was stored again',
      );

      // The next claim sends DELALIAS again, and its confirmation completes the deletion, once.
      const [again] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: LEASE_MS, id: claimed.id });
      assert.ok(again, 'claimable again at once, not only once the first lease is over');
      const done = await store.repository.recordAliasDeletion(claimed.id, {
        ok: true,
        at: now(),
        claim: again,
        event: deletedEvent,
      });
      assert.equal(done, true);
      const deleted = await store.repository.getAlias(claimed.id);
      assert.deepEqual([deleted?.deletionStatus, deleted?.deletedAt], ['done', '2025-03-01T12:00:02.000Z']);
      const events = await store.repository.listEvents({ limit: 50, type: 'alias.deleted' });
      assert.equal(events.items.filter((e) => (e.data as { id: string }).id === claimed.id).length, 1, 'one alias.deleted');
    });

    it('the failure of the DELALIAS sent before does not push back the deletion now due', async () => {
      const claimed = await deletionOnItsWay('cust-again-failed');
      const recorded = await store.repository.recordAliasDeletion(claimed.id, {
        ok: false,
        error: 'HTTP 503',
        nextAttemptAt: '2025-03-01T12:05:00.000Z',
        claim: claimed,
      });
      assert.equal(recorded, false);
      const pending = await store.repository.getAlias(claimed.id);
      assert.deepEqual(
        [pending?.deletionStatus, pending?.deletionNextAttemptAt, pending?.deletionAttempts ?? 0],
        ['pending', '2025-03-01T12:00:01.000Z', 0],
      );
    });

    it('an attempt whose lease another claim took over is not recorded either; the holder records', async () => {
      clock.set(START);
      const id = await savedCardRecord(store.repository, 'cust-lease-over', `A-cust-lease-over-${kind}`);
      await store.repository.requestAliasDeletion(id, now());
      const [first] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: LEASE_MS, id });
      clock.advance(LEASE_MS);
      const [second] = await store.repository.claimAliasDeletions({ now: now(), limit: 10, leaseMs: LEASE_MS, id });
      assert.ok(first && second, 'claimed again once the first lease was over');
      const late = { ok: true as const, at: now(), event: deletedEvent };
      assert.equal(await store.repository.recordAliasDeletion(id, { ...late, claim: first }), false);
      assert.equal(await store.repository.recordAliasDeletion(id, { ...late, claim: second }), true);
      assert.equal((await store.repository.getAlias(id))?.deletionStatus, 'done');
    });
  });
}
