/**
 * What a start costs the database before any migration runs (issue 17): the applied migrations
 * are read in one statement, on a first start (no bookkeeping table yet) as on every later one,
 * and reading them creates nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import type { DatabaseHandle } from '../../../server/db/connect.ts';
import { MIGRATION_NAMES, MIGRATION_TABLE, migrateToLatest, migrationStatus } from '../../../server/db/migrations.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

/** The same database, each statement's kind recorded as Kysely sends it. */
function recording(db: Kysely<any>): { db: Kysely<any>; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(node.kind);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), statements };
}

async function hasTable(handle: DatabaseHandle, name: string): Promise<boolean> {
  if (handle.dialect === 'postgres') {
    const { rows } = await sql<{ found: boolean }>`select to_regclass(${name}) is not null as found`.execute(handle.db);
    return rows[0]?.found === true;
  }
  const { rows } = await sql`select 1 from sqlite_master where type = 'table' and name = ${name}`.execute(handle.db);
  return rows.length > 0;
}

for (const kind of DATABASE_KINDS) {
  describe(`migration status (${kind})`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('on a database never migrated: everything pending, in one statement, and nothing created', async () => {
      const { handle } = opened;
      const { db, statements } = recording(handle.db);
      assert.deepEqual(await migrationStatus(db), { applied: [], pending: MIGRATION_NAMES, unknown: [] });
      assert.deepEqual(statements, ['SelectQueryNode']);
      assert.equal(await hasTable(handle, MIGRATION_TABLE), false);
    });

    it('a start on an up-to-date database reads its migrations in one statement and applies nothing', async () => {
      const { handle } = opened;
      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES);
      const { db, statements } = recording(handle.db);
      assert.deepEqual(await migrateToLatest(db), []);
      assert.deepEqual(statements, ['SelectQueryNode']);
      assert.deepEqual(await migrationStatus(handle.db), { applied: MIGRATION_NAMES, pending: [], unknown: [] });
    });
  });
}
