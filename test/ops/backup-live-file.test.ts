/**
 * `backup --to` never names the live database, whatever the path: not through a linked directory,
 * not through a hard link, not its -wal or -shm. With --force the copy was renamed over the file
 * the server holds open, and every write after it went to a deleted file, lost at the next start.
 * Each is refused naming --to; the live file is the same file, holding the same rows.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, statSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { runCli } from '../server/config/account-env.ts';

describe('backup --to the live database by another path', () => {
  let dir = '';
  let dataDir = '';
  let live = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-backup-live-'));
    dataDir = path.join(dir, 'data');
    live = path.join(dataDir, SQLITE_FILE_NAME);
    const handle = openDatabase({ kind: 'sqlite', file: live });
    await migrateToLatest(handle.db);
    await handle.close();
    symlinkSync(dataDir, path.join(dir, 'linked'));
    linkSync(live, path.join(dir, 'hard-link.sqlite'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  // Functions: the paths exist only once `before` has made the directory.
  const cases: ReadonlyArray<readonly [how: string, target: () => string]> = [
    ['through a linked directory', () => path.join(dir, 'linked', SQLITE_FILE_NAME)],
    ['through a hard link', () => path.join(dir, 'hard-link.sqlite')],
    ['as its -wal', () => `${live}-wal`],
    ['as its -shm, through a linked directory', () => path.join(dir, 'linked', `${SQLITE_FILE_NAME}-shm`)],
  ];

  for (const [how, target] of cases) {
    it(`is refused ${how}, and the live database is untouched`, async () => {
      const to = target();
      const before = statSync(live).ino;
      const run = await runCli(['backup', '--to', to, '--force'], { DATA_DIR: dataDir });
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, /--to: .* is the live database/);
      assert.equal(statSync(live).ino, before, 'the live file was replaced');
      const db = new SqliteDatabase(live, { readonly: true, fileMustExist: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        db.close();
      }
    });
  }
});
