/**
 * `restore` keeps a crashed server's -wal with the database it replaces (server/db/backup.ts,
 * restoreSqlite) — but did so only when the database file itself was there. When it was not
 * (moved aside by hand after a crash: "there was no database to replace"), the -wal left beside
 * the name stayed, and SQLite replayed that other database's frames onto the restored copy the
 * next time it was opened: the restore did not give the backup's data.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../../server/db/connect.ts';
import { MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { restoreSqlite } from '../../../server/db/backup.ts';

const FIXTURE = fileURLToPath(new URL(`../../ops/fixtures/upgrade/schema-${MIGRATION_NAMES.length}.sqlite`, import.meta.url));

function snapshot(file: string): { integrity: string; references: string[] } {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    const references = (db.prepare('select reference from transactions order by reference').all() as Array<{ reference: string }>).map(
      (r) => r.reference,
    );
    return { integrity, references };
  } finally {
    db.close();
  }
}

describe('restore where a crashed server left only its -wal', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'restore-stray-wal-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the restored database holds the backup, not frames of the database moved aside', async () => {
    const dataDir = path.join(scratch, 'data');
    const live = path.join(dataDir, SQLITE_FILE_NAME);
    // The crashed server's database: the fixture, written to after it, its last commits only in the -wal.
    copyFileSync(FIXTURE, path.join(scratch, 'seed.sqlite'));
    mkdirSync(dataDir);
    copyFileSync(FIXTURE, live);
    const server = new SqliteDatabase(live);
    server.pragma('journal_mode = WAL');
    server.pragma('wal_autocheckpoint = 0');
    server.exec(
      'delete from feedback_log; delete from webhook_attempts; delete from webhook_events; delete from maintenance_operations; delete from challenges',
    );
    server.exec("update transactions set state = 'crashed-server-state'");
    // The process dies here: its -wal stays (copied before the clean close would checkpoint it).
    const wal = `${live}-wal`;
    copyFileSync(wal, path.join(scratch, 'hot.wal'));
    server.close();
    // The operator moves the database aside (keeping it), leaving the -wal by its name.
    renameSync(live, path.join(scratch, 'moved-aside.sqlite'));
    copyFileSync(path.join(scratch, 'hot.wal'), wal);
    rmSync(`${live}-shm`, { force: true });
    assert.ok(!existsSync(live) && existsSync(wal));

    const expected = snapshot(path.join(scratch, 'seed.sqlite'));
    await restoreSqlite(FIXTURE, live);
    const restored = snapshot(live);
    const db = new SqliteDatabase(live, { readonly: true });
    const states = (db.prepare('select distinct state from transactions').all() as Array<{ state: string }>).map((r) => r.state);
    db.close();
    assert.equal(restored.integrity, 'ok', 'the restored database is intact');
    assert.ok(
      !states.includes('crashed-server-state'),
      `the restored database holds the other database's writes: states ${states.join(', ')}`,
    );
    assert.deepEqual(restored.references, expected.references);
  });
});
