/**
 * Found by review r1495 (2026-12-07), now fixed.
 *
 * What is wrong: `ogone-checkout restore FILE` (server/commands/restore.ts → server/db/backup.ts,
 * restoreSqlite → sqliteInUse) refuses to put a good backup in place when the live database in
 * DATA_DIR is itself damaged. sqliteInUse opens the live file and runs BEGIN EXCLUSIVE to see
 * whether a server holds it; on a file whose first page is unreadable SQLite answers SQLITE_NOTADB,
 * which sqliteInUse rethrows, and the command prints `ogone-checkout restore: file is not a
 * database` (exit 1) — naming no file, so it reads as if the *backup* were bad.
 *
 * Why it matters: a damaged database (a torn write of its first page, a disk error) is the
 * operator's main reason to restore. The README ("Backups and upgrades") lists what restore
 * refuses — a FILE that is not one of our databases, a newer backup, a database a running server
 * has open — not "the database being replaced is damaged", and says the replaced database is kept
 * aside as `.before-restore-<timestamp>`. Here the shop stays down: the one documented recovery
 * fails and blames the good backup.
 *
 * Expectation: with no server running, restoring an intact backup over a live file whose first
 * page is zeroed exits 0, the live path then holds the backup's data, and the damaged file is kept
 * aside (README: "the replaced database is kept as DATA_DIR/ogone-checkout.sqlite.before-restore-…").
 *
 * The fix: db/backup.ts sqliteInUse reads a file SQLite answers SQLITE_NOTADB or SQLITE_CORRUPT
 * for as held by no server (none can run on it): the restore goes on and keeps the damaged file
 * aside.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { MIGRATION_NAMES, migrateToLatest } from '../../server/db/migrations.ts';
import { runCli } from '../support/cli.ts';

async function migratedDatabase(file: string): Promise<void> {
  const handle = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

describe('restore over a damaged live database (no server running)', { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'r1495-restore-damaged-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('puts the backup in place and keeps the damaged file aside', async () => {
    const dataDir = path.join(scratch, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const live = path.join(dataDir, SQLITE_FILE_NAME);
    const backup = path.join(scratch, 'nightly.sqlite');

    // Last night's backup: an intact database of ours, with a marker row.
    await migratedDatabase(backup);
    const marker = new SqliteDatabase(backup);
    marker.exec("create table r1495_marker (what text); insert into r1495_marker values ('from the backup')");
    marker.pragma('journal_mode = DELETE');
    marker.close();

    // The live database, then its first page lost (a torn write): SQLite no longer reads it.
    await migratedDatabase(live);
    const bytes = readFileSync(live);
    bytes.fill(0, 0, 4096);
    writeFileSync(live, bytes);
    const damaged = readFileSync(live);

    const run = await runCli(['restore', backup], { DATA_DIR: dataDir });
    assert.equal(run.code, 0, `restore refused an intact backup over a damaged database: ${run.stderr.trim()}`);

    const db = new SqliteDatabase(live, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select what from r1495_marker').get() as { what: string } | undefined;
      assert.equal(row?.what, 'from the backup', 'the live path holds the backup');
      const applied = (db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name);
      assert.deepEqual(applied, MIGRATION_NAMES);
    } finally {
      db.close();
    }
    const aside = readdirSync(dataDir).filter((name) => name.startsWith(`${SQLITE_FILE_NAME}.before-restore-`));
    assert.equal(aside.length, 1, `the damaged database is kept aside: ${readdirSync(dataDir).join(', ')}`);
    assert.ok(readFileSync(path.join(dataDir, aside[0]!)).equals(damaged), 'the file kept aside is the damaged one, as it was');
  });
});
