/**
 * Migration 0029 (PostgreSQL's timestamps as timestamptz, issue 17 "bytes per payment") on rows an
 * earlier release wrote: every timestamp column becomes timestamptz, the server reads back the very
 * text it wrote (milliseconds, `Z`), whatever the database's time zone, the daily totals still count
 * a payment on its UTC day, and down gives the text back. SQLite has no date type: nothing changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { systemClock } from '../../../server/clock.ts';
import { isoFromTimestamptz, openDatabase } from '../../../server/db/connect.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { timestamptz } from '../../../server/db/timestamptz-migration.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { paymentGroupsQuery } from '../../../server/repository/daily-totals.ts';
import { operationToRow, sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { createTestDatabase } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0029_timestamptz') - 1]!;
/** Not timestamps: the roll-up's bookkeeping ('' is "from the first day") and its day keys. */
const TEXT_ON_PURPOSE = new Set(['rolled_from', 'rolled_until', 'watermark']);

/** Tables made after 0029, their timestamps timestamptz from the start. */
const CREATED_LATER = new Set(['webhook_delivery']);

const CREATED = '2026-03-01T02:30:00.123Z';
const UPDATED = '2026-03-01T02:31:07.005Z';

async function columnTypes(db: pg.ClientBase | pg.Pool): Promise<Map<string, string>> {
  const { rows } = await db.query<{ name: string; data_type: string }>(
    `select table_name || '.' || column_name as name, data_type from information_schema.columns
     where table_schema = 'public' and table_name <> 'kysely_migration'
       and (column_name like '%\\_at' or column_name like '%\\_until' or column_name in ('watermark', 'rolled_from'))`,
  );
  return new Map(rows.map((row) => [row.name, row.data_type]));
}

describe('isoFromTimestamptz', () => {
  it("reads PostgreSQL's text of a timestamptz as toISOString writes it", () => {
    assert.equal(isoFromTimestamptz('2026-12-05 15:00:00+00'), '2026-12-05T15:00:00.000Z');
    assert.equal(isoFromTimestamptz('2026-12-05 15:00:00.5+00'), '2026-12-05T15:00:00.500Z');
    assert.equal(isoFromTimestamptz('2026-12-05 15:00:00.123456+00'), '2026-12-05T15:00:00.123Z');
    assert.equal(isoFromTimestamptz('2026-12-05 16:00:00.25+01'), '2026-12-05T15:00:00.250Z');
    assert.equal(isoFromTimestamptz('2026-02-28 21:30:00.123-05'), CREATED);
    assert.equal(isoFromTimestamptz('2026-12-05 20:30:00+05:30'), '2026-12-05T15:00:00.000Z');
  });
});

describe('migration 0029 on postgres', () => {
  const opened = useUnmigratedDatabase('postgres');

  it('turns every timestamp into a timestamptz holding the same instant, read back as the same text; down gives the text back', async () => {
    const { handle } = opened;
    await migrateToLatest(handle.db, { upTo: BEFORE });
    const session = sessionRecord({ createdAt: CREATED });
    await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
    const payment = transactionRecord(session.id, { reference: 'TSTZ', createdAt: CREATED, updatedAt: UPDATED });
    await handle.db.insertInto('transactions').values(transactionToRow(payment)).execute();
    await handle.db
      .insertInto('maintenance_operations')
      .values(
        operationToRow({
          id: 'op-1',
          reference: 'TSTZ',
          kind: 'capture',
          operation: 'SAS',
          amount: 100,
          status: 'done',
          ogoneStatus: 9,
          payidSub: 1,
          ncError: null,
          idempotencyKey: null,
          createdAt: CREATED,
          updatedAt: UPDATED,
        }),
      )
      .execute();

    await migrateToLatest(handle.db);
    const pool = handle.pgPool!;
    const types = await columnTypes(pool);
    assert.ok(types.size > 20, `found ${types.size} columns`);
    for (const [name, type] of types) {
      const column = name.split('.')[1]!;
      assert.equal(type, TEXT_ON_PURPOSE.has(column) ? 'text' : 'timestamp with time zone', name);
    }

    const repository = createKyselyRepository(handle, { clock: systemClock });
    const read = await repository.getTransaction('TSTZ');
    assert.equal(read?.createdAt, CREATED);
    assert.equal(read?.updatedAt, UPDATED);
    assert.equal((await repository.getSession(session.id))?.createdAt, CREATED);
    const operations = await repository.listOperations('TSTZ');
    assert.deepEqual(
      operations.map((op) => [op.createdAt, op.updatedAt]),
      [[CREATED, UPDATED]],
    );
    // The instant, not a text: PostgreSQL compares it as a time.
    const { rows } = await pool.query<{ later: boolean }>(
      `select created_at > '2026-02-28 21:30:00-05'::timestamptz as later from transactions where reference = 'TSTZ'`,
    );
    assert.equal(rows[0]?.later, true);

    await timestamptz.down!(handle.db);
    const raw = await pool.query<{ created_at: string; updated_at: string }>(
      `select created_at, updated_at from transactions where reference = 'TSTZ'`,
    );
    assert.deepEqual(raw.rows[0], { created_at: CREATED, updated_at: UPDATED });
    for (const [name, type] of await columnTypes(pool)) {
      // A table a later migration created with a timestamptz is not 0029's to turn back.
      if (CREATED_LATER.has(name.split('.')[0]!)) continue;
      assert.equal(type, 'text', name);
    }
  });
});

describe('a PostgreSQL database whose time zone is not UTC', () => {
  it('reads back the times the server wrote and counts a payment on its UTC day', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const name = new URL(database.env.DATABASE_URL!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: database.env.DATABASE_URL });
      await admin.connect();
      try {
        // For this role in this database: the most specific setting, above any of the role's own.
        await admin.query(`alter role current_user in database ${name} set timezone to 'America/New_York'`);
      } finally {
        await admin.end();
      }
      const handle = openDatabase(database.options);
      try {
        await migrateToLatest(handle.db);
        const { rows } = await handle.pgPool!.query<{ tz: string }>("select current_setting('TimeZone') as tz");
        assert.equal(rows[0]?.tz, 'America/New_York');
        const repository = createKyselyRepository(handle, { clock: systemClock });
        const session = sessionRecord({ createdAt: CREATED });
        await repository.createSession(session);
        // 02:30 UTC on 1 March is 21:30 on 28 February in New York.
        await repository.createTransaction(transactionRecord(session.id, { reference: 'NYC', createdAt: CREATED, updatedAt: UPDATED }));
        const read = await repository.getTransaction('NYC');
        assert.equal(read?.createdAt, CREATED);
        assert.equal(read?.updatedAt, UPDATED);
        const groups = await paymentGroupsQuery(handle.db, '2026-02-28T00:00:00.000Z', '2026-03-02T00:00:00.000Z').execute();
        assert.deepEqual(
          groups.map((group) => group.day),
          ['2026-03-01'],
        );
        // The list's cursor carries the time as text and bounds the next page by it.
        await repository.createTransaction(transactionRecord(session.id, { reference: 'NYC2', createdAt: UPDATED, updatedAt: UPDATED }));
        const first = await repository.listTransactions({ limit: 1 });
        assert.deepEqual(
          first.items.map((t) => [t.reference, t.createdAt]),
          [['NYC2', UPDATED]],
        );
        const second = await repository.listTransactions({ limit: 1, cursor: first.nextCursor! });
        assert.deepEqual(
          second.items.map((t) => [t.reference, t.createdAt]),
          [['NYC', CREATED]],
        );
        // A cursor whose time is not one the server wrote is refused, not sent to a timestamptz.
        const forged = Buffer.from(JSON.stringify(['yesterday', 'NYC'])).toString('base64url');
        await assert.rejects(repository.listTransactions({ limit: 1, cursor: forged }), { name: 'InvalidCursorError' });
      } finally {
        await handle.close();
      }
    } finally {
      await database.drop();
    }
  });
});
