/**
 * The card holder's name saved with a card (aliases.card_holder) does not outlive the card.
 *
 * A card saved through the feedback keeps CN on its alias row. When the card was forgotten
 * (deletion requested, then confirmed by the platform), or when the alias repeated a card already
 * saved (same_card_as: never listed, born deletion-pending and deleted at the platform), the row
 * kept the shopper's name for good: RETENTION_DAYS removed the same name from the payment, its
 * feedback and its webhook events, never from the aliases table. Rows an earlier release left so
 * are cleared by migration 0022.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository, useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const quiet = { info() {}, warn() {} };
const HOLDER = 'Bárbara Souza';

for (const kind of DATABASE_KINDS) {
  describe(`card holder of a forgotten card on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    /** A payment created `at` that saves card `aliasName` through Ogone's signed feedback (CN given). */
    async function paidSavingCard(at: Date, aliasName: string): Promise<string> {
      clock.set(at);
      const session = sessionRecord({ createdAt: at.toISOString(), customer: { id: 'cust-holder', name: HOLDER, email: 'b@example.com' } });
      await store.repository.createSession(session);
      const t = transactionRecord(session.id, {
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        customerId: 'cust-holder',
        aliasRequest: aliasName,
      });
      await store.repository.createTransaction(t);
      await applyFeedback(
        { repository: store.repository },
        {
          reference: t.reference,
          status: 9,
          params: {
            ORDERID: t.reference,
            STATUS: '9',
            AMOUNT: '19.99',
            CURRENCY: 'EUR',
            PAYID: String(Math.floor(Math.random() * 1e9)),
            ACCEPTANCE: 'test123',
            PM: 'CreditCard',
            BRAND: 'VISA',
            CARDNO: 'XXXXXXXXXXXX1111',
            ED: '1230',
            CN: HOLDER,
            IP: '203.0.113.7',
            ALIAS: aliasName,
          },
        },
        'server',
      );
      clock.set(NOW);
      return t.reference;
    }

    const aliasRows = async () =>
      store.handle.db
        .selectFrom('aliases')
        .select(['id', 'alias', 'card_holder', 'deleted_at', 'deletion_status', 'same_card_as'])
        .execute();

    it('no card holder name is left once the card is forgotten and the payments are past RETENTION_DAYS', async () => {
      const created = new Date(NOW.getTime() - 500 * DAY_MS);
      const first = await paidSavingCard(created, 'OC-HOLDER-A');
      // The same card saved again by a second payment: a repeat (same_card_as), never a saved card.
      const second = await paidSavingCard(new Date(created.getTime() + 3_600_000), 'OC-HOLDER-B');
      const rows = await aliasRows();
      assert.equal(rows.length, 2, JSON.stringify(rows));
      const kept = rows.find((row) => row.same_card_as === null)!;
      const repeat = rows.find((row) => row.same_card_as !== null)!;
      assert.equal(kept.card_holder, HOLDER, 'the saved card keeps its holder while it is saved');
      assert.equal(repeat.card_holder, null, 'a repeat of a saved card keeps no name');

      // The customer forgets the saved card 450 days ago; the platform confirms both deletions.
      const forgotten = new Date(NOW.getTime() - 450 * DAY_MS).toISOString();
      await store.repository.requestAliasDeletion(kept.id, forgotten);
      for (const id of [kept.id, repeat.id]) {
        const [claimed] = await store.repository.claimAliasDeletions({ now: forgotten, limit: 1, leaseMs: 30_000, id });
        assert.ok(claimed, 'the deletion claimed, as the deleter claims it');
        const done = await store.repository.recordAliasDeletion(id, {
          ok: true,
          at: forgotten,
          claim: claimed,
          event: (alias) => ({ type: 'alias.deleted', reference: alias.reference, data: { id: alias.id } }),
        });
        assert.equal(done, true);
      }

      const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 400, intervalMs: 0, logger: quiet });
      await purger.runOnce();
      await purger.close();

      for (const reference of [first, second]) assert.equal((await store.repository.getTransaction(reference))?.cardHolder, null);
      const after = await aliasRows();
      assert.deepEqual(
        after.filter((row) => row.card_holder !== null).map((row) => `${row.alias}:${row.card_holder}`),
        [],
        `card holder kept on forgotten aliases: ${JSON.stringify(after)}`,
      );
    });
  });

  describe(`migration 0022_forgotten_card_holders on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('clears the name of forgotten cards and repeats an earlier release kept, not of saved ones', async () => {
      const db = opened.handle.db as Kysely<any>;
      await migrateToLatest(db, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0022_forgotten_card_holders') - 1]! });
      const at = '2025-01-01T00:00:00.000Z';
      const alias = (id: string, extra: string) =>
        sql`insert into aliases (id, customer_id, alias, card_holder, reference, created_at, deleted_at, deletion_status, same_card_as)
          values (${id}, 'cust', ${`OC-${id}`}, ${HOLDER}, 'REF', ${at}, ${sql.raw(extra)})`.execute(db);
      await alias('saved', 'null, null, null');
      await alias('deleted', `'${at}', 'done', null`);
      await alias('pending', "null, 'pending', null");
      await alias('repeat', "null, 'done', 'saved'");
      await migrateToLatest(db);
      const rows = await db.selectFrom('aliases').select(['id', 'card_holder']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'deleted', card_holder: null },
        { id: 'pending', card_holder: null },
        { id: 'repeat', card_holder: null },
        { id: 'saved', card_holder: HOLDER },
      ]);
    });
  });
}
