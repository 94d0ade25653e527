/**
 * The PostgreSQL baseline (server/db/fresh-postgres.ts): a first start on an empty database builds
 * in one round trip exactly the catalog the migrations build in turn — every column in its place
 * with its type, default and nullability, every constraint and index with its definition, the rows
 * migrations write, the Migrator's bookkeeping — so nothing after it can tell which way the schema was made. Two first
 * starts at once make it once; a database that is not empty is left to the Migrator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { MIGRATION_NAMES, migrateToLatest, migrationStatus } from '../../../server/db/migrations.ts';
import { POSTGRES_BASELINE_MIGRATIONS } from '../../../server/db/postgres-baseline.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { statementsSent } from '../../support/pg-statements.ts';

/** The schema as the catalog describes it, independent of how it was made (dropped columns leave no gap). */
async function catalog(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const columns = await sql`
    select table_name, row_number() over (partition by table_name order by ordinal_position) as position, column_name,
      data_type, character_maximum_length, is_nullable, column_default
    from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const constraints = await sql`
    select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = current_schema()::regnamespace order by conname`.execute(db);
  const indexes = await sql`
    select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by indexname`.execute(db);
  // Every table's rows (a migration may write some: 0011's roll-up row), the Migrator's timestamps aside.
  const rows: Record<string, unknown[]> = {};
  for (const { table } of (
    await sql<{ table: string }>`
    select table_name as table from information_schema.tables where table_schema = current_schema() and table_name <> 'kysely_migration'`.execute(
      db,
    )
  ).rows) {
    rows[table] = (await sql`select * from ${sql.table(table)} order by 1`.execute(db)).rows;
  }
  const migrations = await sql`select name from kysely_migration order by name`.execute(db);
  const lock = await sql`select id, is_locked from kysely_migration_lock`.execute(db);
  return {
    columns: columns.rows,
    constraints: constraints.rows,
    indexes: indexes.rows,
    rows: [rows],
    migrations: migrations.rows,
    lock: lock.rows,
  };
}

describe('the PostgreSQL baseline', () => {
  const databases: TestDatabase[] = [];
  const handles: DatabaseHandle[] = [];
  async function emptyDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    return database;
  }
  function open(database: TestDatabase): DatabaseHandle {
    const handle = openDatabase(database.options);
    handles.push(handle);
    return handle;
  }
  after(async () => {
    for (const handle of handles) await handle.close();
    for (const database of databases) await database.drop();
  });

  it('stands for every migration of this release (else: node --import tsx scripts/make-postgres-baseline.ts)', () => {
    assert.deepEqual([...POSTGRES_BASELINE_MIGRATIONS], MIGRATION_NAMES);
  });

  let baseline: DatabaseHandle;
  let stepwise: DatabaseHandle;
  before(async () => {
    baseline = open(await emptyDatabase());
    stepwise = open(await emptyDatabase());
  });

  it('builds in one round trip the catalog the migrations build one after another', async () => {
    const fresh = await statementsSent(() => migrateToLatest(baseline.db));
    assert.deepEqual(fresh.result, MIGRATION_NAMES, 'it reports every migration applied');
    const ddl = fresh.texts.filter((text) => /create table/i.test(text));
    assert.equal(ddl.length, 1, `one statement string creates every table:\n${fresh.texts.join('\n---\n')}`);
    assert.ok(fresh.texts.length <= 8, `${fresh.texts.length} round trips`);

    const inTurn = await statementsSent(() => migrateToLatest(stepwise.db, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.length - 1] }));
    assert.ok(inTurn.texts.length > 50, 'the Migrator ran every migration');

    const [made, migrated] = await Promise.all([catalog(baseline.db), catalog(stepwise.db)]);
    for (const part of Object.keys(migrated)) assert.deepEqual(made[part], migrated[part], part);
    assert.equal(made.migrations!.length, MIGRATION_NAMES.length);
  });

  it('leaves nothing pending: the next start runs no statement but the status read', async () => {
    assert.deepEqual((await migrationStatus(baseline.db)).pending, []);
    let waitedFor = 0;
    const again = await statementsSent(() => migrateToLatest(baseline.db, { whileWaiting: () => waitedFor++ }));
    assert.deepEqual(again.result, []);
    assert.equal(again.texts.length, 1, again.texts.join('\n'));
    assert.equal(waitedFor, 0, 'nothing to wait for: whileWaiting is not called');
  });

  it('hands the main thread back while the database builds the schema (whileWaiting, once the statement is sent)', async () => {
    const handle = open(await emptyDatabase());
    let calls = 0;
    let migrated = false;
    let nextTurn: { schemaSent: boolean; migrated: boolean } | undefined;
    await statementsSent(async (sentSoFar) => {
      const names = await migrateToLatest(handle.db, {
        whileWaiting: () => {
          calls++;
          // What start-server.ts does: its synchronous work a turn later, the statement then on the wire.
          setImmediate(() => (nextTurn = { schemaSent: sentSoFar.some((text) => /create table/i.test(text)), migrated }));
        },
      });
      migrated = true;
      assert.deepEqual(names, MIGRATION_NAMES);
    });
    assert.equal(calls, 1);
    assert.deepEqual(nextTurn, { schemaSent: true, migrated: false }, 'a turn after the call, the schema is sent and still being built');
  });

  it('two first starts at once: one builds the schema, the other finds it built', async () => {
    const database = await emptyDatabase();
    const [first, second] = [open(database), open(database)];
    const results = await Promise.all([migrateToLatest(first.db), migrateToLatest(second.db)]);
    assert.deepEqual(
      results.map((names) => names.length).sort((a, b) => a - b),
      [0, MIGRATION_NAMES.length],
      'one reports every migration, the other none',
    );
    const { rows } = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(first.db);
    assert.equal(Number(rows[0]!.n), MIGRATION_NAMES.length, 'each migration recorded once');
  });

  it('a database holding a table of the same name is left to the Migrator, which reports it as before', async () => {
    const handle = open(await emptyDatabase());
    await sql`create table webhook_events (id integer)`.execute(handle.db);
    await assert.rejects(migrateToLatest(handle.db), /database migration 0001_initial failed: .*webhook_events.* already exists/);
    const { rows } = await sql<{ table: string | null }>`select to_regclass('transactions')::text as table`.execute(handle.db);
    assert.equal(rows[0]!.table, null, 'the baseline rolled back: no table of it is left');
  });
});
