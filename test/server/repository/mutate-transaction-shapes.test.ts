/**
 * mutateTransaction's statements compiled once per shape (server/repository/mutate-transaction-shapes.ts):
 * for each of its writes, on each dialect, the shape's SQL and the parameters it makes for real
 * values are exactly what Kysely compiles from those values; and a shape refuses what it cannot
 * keep (a value written into the text, a slot the query never uses, a missing value).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { Database } from '../../../server/db/schema.ts';
import { compileShape, ShapeCache, type SlotValues } from '../../../server/repository/mutate-transaction-shapes.ts';
import {
  combinedWrite,
  eventsWrite,
  sessionPaidWrite,
  updateWrite,
  type PlannedWrite,
} from '../../../server/repository/mutate-transaction.ts';
import { feedbackLogWrite, feedbackLogUnlessCopyWrite } from '../../../server/repository/feedback-log-writes.ts';

const dialects = {
  sqlite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

const NOW = '2026-11-23T10:00:00.000Z';
const eventRow = (n: number) => ({
  id: `evt_${n}`,
  type: 'payment.captured',
  reference: 'OC1',
  data_json: `{"n":${n}}`,
  created_at: NOW,
  status: 'pending' as const,
  attempts: 0,
  next_attempt_at: NOW,
  delivered_at: null,
  last_error: null,
  livemode: 0 as const,
});

function assertSameAsKysely(shapeBuild: (v: Readonly<Record<string, any>>) => Compilable<unknown>, values: SlotValues) {
  const shape = compileShape(Object.keys(values), shapeBuild);
  const direct = shapeBuild(values).compile();
  assert.equal(shape.sql, direct.sql);
  assert.deepEqual(shape.parameters(values), direct.parameters);
}

for (const [kind, db] of Object.entries(dialects)) {
  describe(`mutateTransaction's shapes on ${kind}`, () => {
    it('the session marked paid and the feedback log row, as Kysely compiles them', () => {
      assertSameAsKysely((v) => sessionPaidWrite(db, v), { reference: 'OC1', sessionId: 'cs_1' });
      assertSameAsKysely((v) => feedbackLogWrite(db, v), {
        id: 'fb_1',
        reference: 'OC1',
        now: NOW,
        channel: 'server',
        status: 9,
        outcome: 'applied',
        paramsJson: '{"CN":"A"}',
        paramsPacked: Buffer.of(1, 2, 3),
        paramsHash: 'a'.repeat(64),
      });
      assertSameAsKysely((v) => feedbackLogUnlessCopyWrite(kind === 'postgres')(db, v), {
        id: 'fb_1',
        reference: 'OC1',
        now: NOW,
        channel: 'browser',
        status: 9,
        outcome: 'unchanged',
        paramsJson: '{}',
        paramsPacked: null,
        paramsHash: 'a'.repeat(64),
        otherChannel: 'server',
      });
    });

    it('the outbox rows and the row’s patch, nulls and numbers included', () => {
      for (const count of [1, 3]) {
        const write = eventsWrite(Array.from({ length: count }, (_, i) => eventRow(i)));
        assertSameAsKysely((v) => write.build(db, v), write.values);
      }
      const update = updateWrite('OC1', { state: 'captured', captured_amount: 1999, payid: null, amount_mismatch: 0 }, NOW);
      assertSameAsKysely((v) => update.build(db, v), update.values);
    });

    it('one shape per key: other values, same SQL; another column set, another shape', () => {
      const shapes = new ShapeCache();
      const a = updateWrite('OC1', { state: 'captured' }, NOW);
      const b = updateWrite('OC2', { state: 'declined' }, NOW);
      const c = updateWrite('OC2', { state: 'declined', nc_error: '30' }, NOW);
      const shapeA = shapes.get(a.key, Object.keys(a.values), (v) => a.build(db, v));
      assert.equal(
        shapes.get(b.key, Object.keys(b.values), (v) => b.build(db, v)),
        shapeA,
      );
      assert.deepEqual(shapeA.parameters(b.values), b.build(db, b.values).compile().parameters);
      assert.notEqual(c.key, a.key);
    });

    it('the combined statement of PostgreSQL: every write as a CTE, the update last', () => {
      const writes: PlannedWrite[] = [
        { name: 'session_paid', key: 'session_paid', values: { reference: 'OC1', sessionId: 'cs_1' }, build: sessionPaidWrite },
        eventsWrite([eventRow(1), eventRow(2)]),
      ];
      const update = updateWrite('OC1', { state: 'captured' }, NOW);
      const combined = combinedWrite(new ShapeCache(), db, { result: undefined, writes, update, newEventRows: [] })!;
      let creator = db as any;
      for (const write of writes)
        creator = creator.with(write.name, (q: any) => (write.build(q, write.values) as any).returning(sql<number>`1`.as('done')));
      const direct = update.build(creator, update.values).returningAll().compile();
      assert.equal(combined.shape.sql, direct.sql);
      assert.deepEqual(combined.shape.parameters(combined.values), direct.parameters);
      const none = combinedWrite(new ShapeCache(), db, { result: undefined, writes: [], update: undefined, newEventRows: [] });
      assert.equal(none, undefined);
    });
  });
}

describe('compileShape refuses what a shape cannot keep', () => {
  const db = dialects.sqlite;
  it('a value written into the SQL text', () => {
    assert.throws(
      () => compileShape(['state'], (v) => db.selectFrom('transactions').selectAll().where('state', '=', sql.lit(v.state))),
      /SQL text/,
    );
  });
  it('a slot the query does not use', () => {
    assert.throws(
      () => compileShape(['reference', 'unused'], (v) => db.selectFrom('transactions').selectAll().where('reference', '=', v.reference)),
      /unused/,
    );
  });
  it('a missing value', () => {
    const shape = compileShape(['reference'], (v) => db.selectFrom('transactions').selectAll().where('reference', '=', v.reference));
    assert.throws(() => shape.parameters({}), /no value for slot reference/);
    assert.deepEqual(shape.parameters({ reference: 'OC1' }), ['OC1']);
  });
});
