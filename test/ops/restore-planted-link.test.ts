/**
 * `restore` run as root never writes or re-owns through a link planted in DATA_DIR (review r1210
 * of 3c41892 "Restore: the restored database takes DATA_DIR's owner when run as root").
 *
 * docs/deploy.md has root run `restore` on the DATA_DIR the service's own user owns. The restore
 * writes its copy to `<live>.restoring-<pid>` — a name in that directory, which the service user
 * can create — opened with a plain 'w' (follows a symlink) and, run as root, `chownSync` (follows
 * a symlink too) to DATA_DIR's owner. A service user (a compromised server process)
 * that plants `ogone.sqlite.restoring-<pid>` → /etc/cron.d/x (pids are few: it plants them all)
 * had root create that file outside DATA_DIR and hand it over to the service user: a privilege
 * escalation the commit opened. Now the copy's name is created exclusively ('wx') and re-owned
 * with lchown: never a symlink's target.
 *
 * Needs root; skipped otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, lstatSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupSqlite, restoreSqlite } from '../../server/db/backup.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createTestApp } from '../support/app.ts';

const SERVICE_UID = 65534;
const isRoot = process.getuid?.() === 0;

describe('restore run as root, with a symlink planted in DATA_DIR', { skip: isRoot ? false : 'needs root' }, () => {
  let database: TestDatabase;
  let work: string;
  let backup: string;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const app = await createTestApp(database);
    await app.close();
    work = mkdtempSync(path.join(tmpdir(), 'r1210-restore-'));
    backup = path.join(work, 'backup.sqlite');
    await backupSqlite(path.join(database.dataDir, 'ogone-checkout.sqlite'), backup).catch(async () => {
      const { readdirSync } = await import('node:fs');
      const file = readdirSync(database.dataDir).find((name) => name.endsWith('.sqlite'))!;
      await backupSqlite(path.join(database.dataDir, file), backup);
    });
  });
  after(async () => {
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('never creates nor re-owns a file outside DATA_DIR through a symlink', async () => {
    // A root-owned directory outside DATA_DIR (as /etc/cron.d is).
    const rootOnly = path.join(work, 'etc-cron.d');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rootOnly, { mode: 0o755 });
    const victim = path.join(rootOnly, 'planted');
    // The service's DATA_DIR, owned by its user.
    const dataDir = path.join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, SERVICE_UID, SERVICE_UID);
    const live = path.join(dataDir, 'ogone-checkout.sqlite');
    // The service user plants the name the restore will write.
    symlinkSync(victim, `${live}.restoring-${process.pid}`);
    assert.ok(lstatSync(`${live}.restoring-${process.pid}`).isSymbolicLink());

    let outcome = 'restored';
    await restoreSqlite(backup, live).catch((error: Error) => (outcome = `refused: ${error.message}`));
    const owner = existsSync(victim) ? statSync(victim).uid : undefined;
    assert.ok(
      owner !== SERVICE_UID,
      `the restore (${outcome}) wrote ${victim}, outside DATA_DIR, through the planted symlink and gave it to the service user (uid ${owner})`,
    );
    chmodSync(dataDir, 0o700);
  });
});
