/**
 * Issue 17: the session read and the payment insert of a sign are compiled once
 * (db/compiled-query.ts) — the SQL and parameters must be exactly Kysely's, and a payment stored
 * through the compiled INSERT (alone, or in PostgreSQL's per-turn batch) must read back as the
 * record it was made from; a row of another shape still goes through Kysely.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { compileTemplate } from '../../../server/db/compiled-query.ts';
import { transactionToRow } from '../../../server/repository/rows.ts';
import { transactionInsert, transactionInsertBatch } from '../../../server/repository/transaction-insert-batch.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`compiled queries on ${kind}`, () => {
    const clock = manualClock(new Date('2026-11-23T10:00:00.000Z'));

    const store = useTestRepository(kind, clock);

    it("binds into Kysely's own SQL, in Kysely's parameter order", () => {
      const { db } = store.handle;
      const select = compileTemplate(1, (slot) => db.selectFrom('checkout_sessions').selectAll().where('id', '=', slot(0)));
      const expected = db.selectFrom('checkout_sessions').selectAll().where('id', '=', 'cs_1').compile();
      const bound = select.bind(['cs_1']);
      assert.equal(bound.sql, expected.sql);
      assert.deepEqual(bound.parameters, expected.parameters);
      assert.equal(select.bind(['cs_2']).sql, bound.sql, 'the same SQL string every time');

      const rows = [transactionRecord('cs_1'), transactionRecord('cs_1', { state: 'draft', aliasRequest: 'OC-X' })].map((t) =>
        transactionToRow(t),
      );
      const columns = Object.keys(rows[0]!);
      const insert = compileTemplate(rows.length * columns.length, (slot) =>
        db
          .insertInto('transactions')
          .values(rows.map((_, r) => Object.fromEntries(columns.map((c, i) => [c, slot(r * columns.length + i)])) as never)),
      );
      const kysely = db.insertInto('transactions').values(rows).compile();
      const values = rows.flatMap((row) => columns.map((c) => (row as unknown as Record<string, unknown>)[c]));
      assert.equal(insert.sql, kysely.sql);
      assert.deepEqual(insert.bind(values).parameters, kysely.parameters);
      // A constant Kysely binds itself stays in place.
      const mixed = compileTemplate(1, (slot) =>
        db.selectFrom('checkout_sessions').select('id').where('status', '=', 'open').where('id', '=', slot(0)),
      );
      assert.deepEqual(mixed.bind(['cs_9']).parameters, ['open', 'cs_9']);
    });

    it('refuses a template whose slots are not each bound once', () => {
      const { db } = store.handle;
      assert.throws(
        () => compileTemplate(2, (slot) => db.selectFrom('checkout_sessions').selectAll().where('id', '=', slot(0))),
        /2 slots expected/,
      );
      assert.throws(
        () =>
          compileTemplate(1, (slot) =>
            db.selectFrom('checkout_sessions').selectAll().where('id', '=', slot(0)).where('status', '=', slot(0)),
          ),
        /bound twice/,
      );
      const select = compileTemplate(1, (slot) => db.selectFrom('checkout_sessions').selectAll().where('id', '=', slot(0)));
      assert.throws(() => select.bind([]), /1 values expected/);
    });

    it('a payment inserted through the compiled statement reads back as made; another shape goes through Kysely', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const insert = kind === 'postgres' ? transactionInsertBatch(store.handle.db) : transactionInsert(store.handle.db);
      const plain = transactionRecord(session.id, { state: 'draft', cardNumber: 'XXXXXXXXXXXX1111', customerEmail: 'B@Example.com' });
      const many = Array.from({ length: 5 }, () => transactionRecord(session.id, { state: 'draft' }));
      await Promise.all([plain, ...many].map((t) => insert(transactionToRow(t))));
      const { card_last4: _last4, ...otherShape } = transactionToRow(transactionRecord(session.id));
      const withUndefined = { ...transactionToRow(transactionRecord(session.id)), alias_id: undefined };
      await insert(otherShape);
      await insert(withUndefined);
      for (const t of [plain, ...many]) {
        // Its twin, inserted by Kysely as before, reads back the same but for the reference.
        const twin = { ...t, reference: `${t.reference}-K` };
        await store.handle.db.insertInto('transactions').values(transactionToRow(twin)).execute();
        assert.deepEqual(await store.repository.getTransaction(t.reference), {
          ...(await store.repository.getTransaction(twin.reference)),
          reference: t.reference,
        });
      }
      assert.equal((await store.repository.getTransaction(otherShape.reference))?.reference, otherShape.reference);
      assert.equal((await store.repository.getTransaction(withUndefined.reference))?.aliasId, null);
      await assert.rejects(insert(transactionToRow(plain)), 'a reference taken fails');
    });
  });
}
