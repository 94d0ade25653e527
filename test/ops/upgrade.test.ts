/**
 * Upgrades: every committed fixture (a database an earlier release's schema made, with sample data:
 * scripts/make-upgrade-fixture.ts) is migrated to this release's schema, on SQLite and PostgreSQL,
 * and the sample is read back through the repository as it was read when the fixture was made.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { MIGRATION_NAMES, migrateToLatest, migrationStatus } from '../../server/db/migrations.ts';
import { systemClock } from '../../server/clock.ts';
import { createKyselyRepository } from '../../server/repository/kysely-repository.ts';
import { readSample, type UpgradeSample } from '../../scripts/make-upgrade-fixture.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/upgrade/', import.meta.url));
const VERSIONS = readdirSync(FIXTURES)
  .map((name) => /^schema-(\d+)\.expected\.json$/.exec(name)?.[1])
  .filter((version): version is string => version !== undefined)
  .map(Number)
  .sort((a, b) => a - b);

/** `actual` holds at least what `expected` held: a later schema may add fields, never lose or change one. */
function assertKeeps(actual: unknown, expected: unknown, where: string): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object', `${where}: expected an object, read ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) assertKeeps((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array`);
    assert.equal(actual.length, expected.length, `${where}: ${actual.length} items read, ${expected.length} written`);
    expected.forEach((item, index) => assertKeeps(actual[index], item, `${where}[${index}]`));
    return;
  }
  assert.deepEqual(actual, expected, where);
}

describe('upgrading a database an earlier release made', { timeout: 120_000 }, () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const database of databases) await database.drop();
  });

  it('has a fixture of the current schema', () => {
    assert.ok(
      VERSIONS.includes(MIGRATION_NAMES.length),
      `run scripts/make-upgrade-fixture.ts: no fixture of schema ${MIGRATION_NAMES.length}`,
    );
  });

  for (const version of VERSIONS) {
    for (const kind of DATABASE_KINDS) {
      it(`schema ${version} → ${MIGRATION_NAMES.length} on ${kind}: migrates, then reads the sample back`, async () => {
        const sample = JSON.parse(readFileSync(path.join(FIXTURES, `schema-${version}.expected.json`), 'utf8')) as UpgradeSample;
        assert.deepEqual(sample.schema, MIGRATION_NAMES.slice(0, version), 'the fixture was made by the migrations of this tree');
        const database = await createTestDatabase(kind);
        databases.push(database);
        if (kind === 'sqlite') {
          copyFileSync(path.join(FIXTURES, `schema-${version}.sqlite`), path.join(database.dataDir, SQLITE_FILE_NAME));
        } else {
          // As an operator restores a plain dump: psql, stopping at the first error.
          execFileSync(
            'psql',
            [
              '-X',
              '-q',
              '-v',
              'ON_ERROR_STOP=1',
              '-d',
              database.env.DATABASE_URL!,
              '-f',
              path.join(FIXTURES, `schema-${version}.postgres.sql`),
            ],
            {
              stdio: ['ignore', 'ignore', 'pipe'],
            },
          );
        }
        const handle = openDatabase(database.options);
        try {
          assert.deepEqual((await migrationStatus(handle.db)).applied, sample.schema, 'the fixture holds its schema before the upgrade');
          assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(version), 'each later migration runs once');
          assert.deepEqual(await migrationStatus(handle.db), { applied: MIGRATION_NAMES, pending: [], unknown: [] });
          const repository = createKyselyRepository(handle, { clock: systemClock });
          assertKeeps(await readSample(repository, sample), sample.read, 'sample');
          // And the upgraded database still takes writes: a saved card is forgotten.
          const [alias] = await repository.listAliases(sample.customer);
          assert.ok(alias, 'the sample has a saved card');
          assert.equal(await repository.deleteAlias(alias.id, new Date().toISOString()), true);
          assert.deepEqual(await repository.listAliases(sample.customer), []);
        } finally {
          await handle.close();
        }
      });
    }
  }
});
