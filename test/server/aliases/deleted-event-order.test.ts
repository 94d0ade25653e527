/**
 * `alias.deleted` written by an instance whose clock is behind the one that saved the card. The
 * outbox sends a payment's events in id order, and ids are time-ordered: an instance 5 s behind
 * (test/scale/clock-skew.test.ts runs with 3 s) gave `alias.deleted` an id before the payment's
 * `alias.created`, so a merchant was told a card was forgotten before it was told it was saved.
 * The deletion's event now sorts after the payment's newest one (repository/alias-deletions.ts),
 * as a payment's own events do (mutate-transaction.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idTime } from '../../../server/ids.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';

const REFERENCE = 'PAY-ALIAS-SKEW';
const SKEW_MS = 5_000;

/**
 * An event id as written by another host whose clock reads `ms` (server/ids.ts's layout: 10 time
 * characters, 4 of sequence, 12 random). This process cannot make one with newId, whose ids are
 * monotonic within a process.
 */
function idFromAnotherHost(ms: number): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let time = '';
  for (let i = 0, value = ms; i < 10; i++, value = Math.floor(value / 32)) time = alphabet[value % 32]! + time;
  return `evt_${time}0000${'a'.repeat(12)}`;
}

for (const kind of DATABASE_KINDS) {
  describe(`alias.deleted from an instance whose clock is behind, on ${kind}`, () => {
    let database: TestDatabase;
    let store: Awaited<ReturnType<typeof openTestRepository>>;
    before(async () => {
      database = await createTestDatabase(kind);
      store = await openTestRepository(database);
    });
    after(async () => {
      await store?.repository.close();
      await database?.drop();
    });

    it('sorts after the alias.created of the same payment, and is sent after it', async () => {
      const now = new Date();
      // The card saved by the instance whose clock is 5 s ahead: its alias and alias.created.
      const createdId = idFromAnotherHost(now.getTime() + SKEW_MS);
      assert.equal(idTime(createdId), now.getTime() + SKEW_MS);
      await store.handle.db
        .insertInto('aliases')
        .values({
          id: 'alias_skew1',
          customer_id: 'cust_1',
          alias: 'OC-SKEW1',
          brand: 'VISA',
          card_number: 'XXXXXXXXXXXX1111',
          last4: '1111',
          expiry: '1230',
          card_holder: null,
          reference: REFERENCE,
          created_at: now.toISOString(),
          deleted_at: null,
        })
        .execute();
      await store.handle.db
        .insertInto('webhook_events')
        .values({
          id: createdId,
          type: 'alias.created',
          reference: REFERENCE,
          data_json: JSON.stringify({ id: 'alias_skew1' }),
          created_at: now.toISOString(),
          status: 'pending',
          attempts: 0,
          next_attempt_at: now.toISOString(),
          delivered_at: null,
          last_error: null,
        })
        .execute();

      // This instance, on the real clock, forgets the card (server/aliases/deletion.ts records it so).
      const at = new Date().toISOString();
      assert.ok(await store.repository.requestAliasDeletion('alias_skew1', at));
      const [claimed] = await store.repository.claimAliasDeletions({ now: at, limit: 1, leaseMs: 30_000, id: 'alias_skew1' });
      assert.ok(claimed, 'the deletion claimed, as the deleter claims it');
      assert.equal(
        await store.repository.recordAliasDeletion('alias_skew1', {
          ok: true,
          at,
          claim: claimed,
          event: (deleted) => ({ type: 'alias.deleted', reference: deleted.reference, data: { id: deleted.id } }),
        }),
        true,
      );

      const deleted = (await store.repository.listEvents({ limit: 10 })).items.find((event) => event.type === 'alias.deleted');
      assert.ok(deleted && deleted.id > createdId, `alias.deleted ${deleted?.id} sorts before alias.created ${createdId}`);
      // The dispatcher's claim (a reference's oldest pending event first) sends alias.created first.
      const [first] = await store.repository.claimDueEvents({ limit: 1, leaseMs: 60_000 });
      assert.equal(first?.type, 'alias.created');
    });
  });
}
