/**
 * `ogone-checkout migrate [--dry-run]` on SQLite and PostgreSQL, and a binary older than the
 * database's schema: `serve` refuses to start with one line naming both versions, changing nothing.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { backupCommand } from '../../server/commands/backup.ts';
import { main } from '../../server/commands/index.ts';
import { migrateCommand } from '../../server/commands/migrate.ts';
import { restoreCommand } from '../../server/commands/restore.ts';
import type { CommandIO } from '../../server/commands/io.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { MIGRATION_NAMES, MIGRATION_TABLE, migrateToLatest, migrationStatus } from '../../server/db/migrations.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT, secretsIn } from '../support/accounts.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FUTURE = '0099_from_the_future';
const LATEST = MIGRATION_NAMES.at(-1)!;

function collect(): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(...line.split('\n')), stderr: (line) => err.push(...line.split('\n')) };
}

async function appliedNames(database: TestDatabase): Promise<string[]> {
  const handle = openDatabase(database.options);
  try {
    return (await migrationStatus(handle.db)).applied;
  } finally {
    await handle.close();
  }
}

/** `serve` in a process of its own, as an operator runs it; resolves with its exit code and output. */
const runServe = (env: Record<string, string>) => runCli(['serve'], { HOST: '127.0.0.1', PORT: '0', ...env }, { cwd: ROOT });

describe('ogone-checkout migrate', { timeout: 120_000 }, () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const database of databases) await database.drop();
  });

  for (const kind of DATABASE_KINDS) {
    it(`--dry-run lists what would run and changes nothing; migrate applies it (${kind})`, async () => {
      const database = await createTestDatabase(kind);
      databases.push(database);
      const handle = openDatabase(database.options);
      await migrateToLatest(handle.db, { upTo: MIGRATION_NAMES[2]! });
      await handle.close();

      const dry = collect();
      assert.equal(await migrateCommand(['--dry-run'], database.env, dry), 0, dry.err.join('\n'));
      const listed = dry.out.filter((line) => line.startsWith('  ')).map((line) => line.trim());
      assert.deepEqual(listed, MIGRATION_NAMES.slice(3));
      assert.match(
        dry.out.join('\n'),
        new RegExp(`schema version 3 \\(${MIGRATION_NAMES[2]}\\), this release version ${MIGRATION_NAMES.length} \\(${LATEST}\\)`),
      );
      assert.deepEqual(await appliedNames(database), MIGRATION_NAMES.slice(0, 3), 'a dry run applies nothing');

      const run = collect();
      assert.equal(await migrateCommand([], database.env, run), 0, run.err.join('\n'));
      assert.deepEqual(
        run.out.filter((line) => line.startsWith('  ')).map((line) => line.trim()),
        MIGRATION_NAMES.slice(3),
      );
      assert.deepEqual(await appliedNames(database), MIGRATION_NAMES);

      const again = collect();
      assert.equal(await migrateCommand(['--dry-run'], database.env, again), 0);
      assert.match(again.out.join('\n'), /up to date: nothing to run/);
      assert.equal(secretsIn([...dry.out, ...run.out, ...again.out, ...run.err].join('\n')).length, 0);
      if (kind === 'postgres') assert.ok(!run.out.join('\n').includes(database.env.DATABASE_URL!), 'the URL is never printed whole');
    });

    it(`a binary older than the schema refuses to start with one line naming both versions (${kind})`, async () => {
      const database = await createTestDatabase(kind);
      databases.push(database);
      const handle = openDatabase(database.options);
      await migrateToLatest(handle.db);
      // What a newer release leaves: a migration this binary has never heard of.
      await handle.db
        .insertInto(MIGRATION_TABLE as never)
        .values({ name: FUTURE, timestamp: new Date().toISOString() } as never)
        .execute();
      const tablesBefore = (await handle.db.introspection.getTables()).map((table) => table.name).sort();
      await handle.close();

      const env = { ...SCALE_ACCOUNT, OGONE_ENVIRONMENT: 'sandbox', MERCHANT_API_KEYS: MERCHANT_API_KEY, ...database.env };
      const served = await runServe(env);
      assert.notEqual(served.code, 0, 'serve must not start');
      assert.notEqual(served.code, null, 'serve exits by itself instead of hanging');
      const lines = served.stderr.split('\n').filter((line) => line.trim() !== '');
      assert.equal(lines.length, 1, `one line, got:\n${served.stderr}`);
      assert.match(lines[0]!, new RegExp(`version ${MIGRATION_NAMES.length + 1} \\(${FUTURE}\\)`), 'names the database version');
      assert.match(lines[0]!, new RegExp(`version ${MIGRATION_NAMES.length} \\(${LATEST}\\)`), "names the binary's version");
      assert.equal(served.stdout.trim(), '');
      assert.equal(secretsIn(served.stderr).length, 0);

      for (const argv of [['--dry-run'], []]) {
        const io = collect();
        assert.equal(await migrateCommand(argv, database.env, io), 1);
        assert.match(io.err.join('\n'), new RegExp(FUTURE));
      }
      const after = openDatabase(database.options);
      try {
        const status = await migrationStatus(after.db);
        assert.deepEqual(status, { applied: MIGRATION_NAMES, pending: [], unknown: [FUTURE] }, 'nothing was migrated');
        assert.deepEqual((await after.db.introspection.getTables()).map((table) => table.name).sort(), tablesBefore);
        const count = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(after.db);
        assert.equal(Number(count.rows[0]!.n), MIGRATION_NAMES.length + 1);
      } finally {
        await after.close();
      }
    });
  }

  it('each command answers --help, and names what is missing', async () => {
    for (const name of ['backup', 'restore', 'migrate']) {
      const io = collect();
      assert.equal(await main([name, '--help'], {}, io), 0);
      assert.match(io.out[0]!, new RegExp(`^usage: ogone-checkout ${name}`));
      const top = collect();
      await main(['--help'], {}, top);
      assert.match(top.out.join('\n'), new RegExp(`^  ${name}\\b`, 'm'), `${name} is listed in the commands`);
    }
    const noTarget = collect();
    assert.equal(await backupCommand([], {}, noTarget), 2);
    assert.match(noTarget.err[0]!, /--to FILE is required/);
    const noFile = collect();
    assert.equal(await restoreCommand([], {}, noFile), 2);
    assert.match(noFile.err[0]!, /needs exactly one FILE/);
    const unknown = collect();
    assert.equal(await migrateCommand(['--dryrun'], {}, unknown), 2);
    assert.match(unknown.err[0]!, /Unknown option '--dryrun'/);
  });

  it('backup and restore refuse DATABASE_URL and point to the PostgreSQL recipe', async () => {
    const env = { DATABASE_URL: 'postgres://backup-user:S3cret-Pw@127.0.0.1:5432/shop' };
    for (const [command, argv] of [
      [backupCommand, ['--to', '/tmp/never-written.sqlite']],
      [restoreCommand, ['/tmp/never-read.sqlite']],
    ] as const) {
      const io = collect();
      assert.equal(await command([...argv], env, io), 1);
      assert.match(io.err[0]!, /pg_dump -Fc \/ pg_restore/);
      assert.ok(!io.err.join('\n').includes('S3cret-Pw'), 'the password is never printed');
    }
  });
});
