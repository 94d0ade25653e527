/**
 * Backups and restores of the SQLite database (`ogone-checkout backup` / `restore`). PostgreSQL is
 * backed up with its own tools (pg_dump -Fc / pg_restore: README, "Backups and upgrades").
 *
 * A backup uses SQLite's online backup API, so it may run in another process while a server is
 * serving the same file: each step reads a snapshot, and a write between two steps restarts the
 * copy. The whole database is copied in one step, so a busy server cannot keep restarting it for
 * ever; in WAL mode that step holds only a read transaction, and the server keeps writing meanwhile. The copy is written beside its destination and renamed into place, so a
 * backup that fails never leaves a truncated file under the name asked for.
 */
import {
  closeSync,
  lchownSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  chmodSync,
  statSync,
  realpathSync,
} from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { defaultValue } from '../config/settings.ts';
import { DatabaseDamagedError, ensureDataDir, isDamagedDatabaseError, SQLITE_FILE_NAME } from './connect.ts';
import { MIGRATION_NAMES, MIGRATION_TABLE, SchemaNewerError, describeVersion } from './migrations.ts';

/** Owner only, like the live database: a backup holds the same personal data. */
const BACKUP_FILE_MODE = 0o600;

/** A backup or restore refused or failed: the message says why and names the file or option. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** The schema version of the copy, e.g. "version 6 (0006_bounded_feedback_log)". */
  schema: string;
  /**
   * The copy holds every write committed before this moment (and maybe a few after): the start of
   * the backup's last step, which reads one snapshot.
   */
  consistentAsOf: Date;
  durationMs: number;
}

/** Copies the live database `source` into `target` (refused when it exists, unless `force`). */
/** A path with its directory's links resolved (the directory exists; the file may not). */
function canonical(file: string): string {
  return path.join(realpathSync(path.dirname(file)), path.basename(file));
}

function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Which of the live database's files `to` names — '' the database, or its -wal, -shm or -journal —
 * by any path: through a linked directory or a hard link too. Renamed over it, the copy replaced
 * the file the server holds open, and every write after the copy went to a deleted file.
 */
function liveFileNamed(from: string, to: string): string | undefined {
  const target = canonical(to);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const live = `${from}${suffix}`;
    if (target === canonical(live) || sameFile(to, live)) return suffix.slice(1);
  }
  return undefined;
}

export async function backupSqlite(source: string, target: string, options: { force?: boolean } = {}): Promise<BackupResult> {
  const started = performance.now();
  const from = path.resolve(source);
  const to = path.resolve(target);
  if (!existsSync(from)) throw new BackupError(`no database at ${from} (is DATA_DIR the server's?)`);
  const dir = path.dirname(to);
  if (!existsSync(dir)) throw new BackupError(`--to: the directory ${dir} does not exist`);
  // Named as --to's, as the refusals above and below: the system's own error named the copy's
  // temporary name, or the rename over a directory, and no option (found in review).
  if (!statSync(dir).isDirectory()) throw new BackupError(`--to: ${dir} is not a directory`);
  const live = liveFileNamed(from, to);
  if (live !== undefined) throw new BackupError(`--to: ${to} is the live database${live === '' ? ' itself' : `'s ${live} file`}`);
  if (existsSync(to) && statSync(to).isDirectory()) {
    throw new BackupError(`--to: ${to} is a directory: name the backup file in it, e.g. ${path.join(to, 'ogone-checkout-<date>.sqlite')}`);
  }
  if (existsSync(to) && !options.force) throw new BackupError(`--to: ${to} already exists (add --force to overwrite it)`);

  const partial = `${to}.partial-${process.pid}`;
  // Created owner-only before SQLite writes into it: the copy is never readable by others, not even briefly.
  try {
    closeSync(openSync(partial, 'w', BACKUP_FILE_MODE));
  } catch (error) {
    if (!(error as { code?: string }).code) throw error;
    // "EACCES: permission denied", without the temporary name the system's message goes on with.
    throw new BackupError(`--to: cannot write in ${dir} (${(error as Error).message.split(', ')[0]})`);
  }
  try {
    const live = new SqliteDatabase(from, { fileMustExist: true, timeout: 5000 });
    let consistentAsOf = new Date();
    try {
      await live.backup(partial, {
        // Called before every step but the first (which only opens the backup): the next step is
        // the whole rest, so the last call precedes the snapshot the copy ends up with.
        progress: () => {
          consistentAsOf = new Date();
          return Number.MAX_SAFE_INTEGER;
        },
      });
    } finally {
      live.close();
    }
    const schema = finishCopy(partial);
    chmodSync(partial, BACKUP_FILE_MODE);
    syncFile(partial);
    renameSync(partial, to);
    syncFile(path.dirname(to));
    return {
      file: to,
      bytes: statSync(to).size,
      schema: describeVersion(schema),
      consistentAsOf,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    rmSync(partial, { force: true });
    // Only the copy is written: a full disk is --to's, never the live database's (found in review).
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw new BackupError(`--to: the copy does not fit in ${dir} (disk full)`);
    // The live file damaged, not the copy: named (review r1500).
    throw isDamagedDatabaseError(error) ? new DatabaseDamagedError(from, error.code) : error;
  }
}

/**
 * The copy as one self-contained file (rollback journal, no -wal beside it), checked: a backup that
 * would not restore is an error now, not on the day it is needed. Returns its migrations.
 */
function finishCopy(file: string): string[] {
  const copy = new SqliteDatabase(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = integrityProblems(copy);
    if (problems) throw new BackupError(`the copy failed SQLite's integrity check: ${problems}`);
    return appliedMigrations(copy, file);
  } finally {
    copy.close();
  }
}

function integrityProblems(db: SqliteDatabase.Database): string | undefined {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const messages = rows.map((row) => row.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? undefined : messages.slice(0, 3).join('; ');
}

function appliedMigrations(db: SqliteDatabase.Database, file: string): string[] {
  const table = db.prepare(`select name from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
  if (!table) throw new BackupError(`${file} is not an ogone-checkout database (it has no ${MIGRATION_TABLE} table)`);
  const names = (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as Array<{ name: string }>).map((row) => row.name);
  if (!names.includes(MIGRATION_NAMES[0]!))
    throw new BackupError(`${file} is not an ogone-checkout database (${MIGRATION_NAMES[0]} was never applied)`);
  return names;
}

/**
 * Checks that `file` is one of our databases that this binary can run: a SQLite file, intact, with
 * our migrations and none newer than this binary. Returns its migrations.
 */
export function checkBackupFile(file: string): string[] {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new BackupError(`FILE: ${resolved} does not exist`);
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(resolved, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch (error) {
    throw new BackupError(`${resolved} is not a SQLite database (${(error as Error).message})`);
  }
  try {
    const problems = integrityProblems(db);
    if (problems) throw new BackupError(`${resolved} failed SQLite's integrity check: ${problems}`);
    const names = appliedMigrations(db, resolved);
    const known = new Set(MIGRATION_NAMES);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const error = new SchemaNewerError({ applied: names.filter((name) => known.has(name)), pending: [], unknown });
      throw new BackupError(`${resolved}: ${error.message}`);
    }
    return names;
  } finally {
    db.close();
  }
}

/**
 * Whether a process has the database open. In WAL mode every open connection keeps a shared lock
 * on the file, so an exclusive lock is refused while a server runs on it, busy or idle.
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    // No database, or a damaged one: no server can run on it (its every statement fails the same
    // way), and it is what a restore is for — refused here, the damaged file was never replaced
    // and kept aside (review r1495).
    if (isDamagedDatabaseError(error)) return false;
    throw error;
  } finally {
    // The last connection to close checkpoints the WAL into the file: what is kept aside is one file.
    db.close();
  }
}

export interface RestoreResult {
  file: string;
  schema: string;
  /** Where the database it replaced was kept, if there was one. */
  previous?: string;
}

/** `2026-12-01T23:59:07.123Z` → `20261201T235907Z`: sorts by time, no colon (portable file name). */
export function restoreStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Replaces the database `liveFile` with the backup `file`, in one rename: there is never a moment
 * without a database at the live path. Refused while a server has the live file open; the replaced
 * database is kept as `<name>.before-restore-<timestamp>` (with its -wal, if a crashed server left
 * one).
 */
export async function restoreSqlite(file: string, liveFile: string, now: Date = new Date()): Promise<RestoreResult> {
  const names = checkBackupFile(file);
  const live = path.resolve(liveFile);
  if (path.resolve(file) === live) throw new BackupError(`FILE: ${live} is the live database itself`);
  if (sqliteInUse(live)) throw new BackupError(`${live} is in use by a running server: stop it, then restore`);

  ensureDataDir(path.dirname(live));
  const incoming = `${live}.restoring-${process.pid}`;
  // 'wx': never through a name already there — a link the service's user planted in its DATA_DIR
  // would have root create, and then hand over (ownedAsDataDir), a file anywhere (review r1210).
  closeSync(openSync(incoming, 'wx', BACKUP_FILE_MODE));
  try {
    // Through the backup API rather than a file copy: a source with a -wal beside it is copied whole.
    const source = new SqliteDatabase(path.resolve(file), { readonly: true, fileMustExist: true });
    try {
      await source.backup(incoming);
    } finally {
      source.close();
    }
    chmodSync(incoming, BACKUP_FILE_MODE);
    ownedAsDataDir(incoming, path.dirname(live));
    syncFile(incoming);
  } catch (error) {
    rmSync(incoming, { force: true });
    throw error;
  }
  // Asked again now the copy is made, which takes as long as the backup is large: a server
  // started meanwhile keeps writing the file it opened, which the swap below names
  // `.before-restore-…`, and what it answered after was lost at its next start (found in review).
  if (sqliteInUse(live)) {
    rmSync(incoming, { force: true });
    throw new BackupError(`${live} is in use by a running server (started during the restore): stop it, then restore`);
  }

  let previous: string | undefined;
  const aside = `${live}.before-restore-${restoreStamp(now)}`;
  // A -wal or hot -journal by the live file's name belongs to the database it replaces: left there,
  // SQLite would replay it onto the restored copy at its first open — even with the database file
  // itself gone (moved aside by hand after a crash). Each is kept beside the database put aside.
  const strays = ['-wal', '-journal'].filter((suffix) => existsSync(`${live}${suffix}`));
  if (existsSync(live) || strays.length > 0) {
    if (existsSync(aside) || strays.some((suffix) => existsSync(`${aside}${suffix}`))) {
      rmSync(incoming, { force: true });
      throw new BackupError(`${aside} already exists: restore again in a second`);
    }
    // Linked aside, not renamed: the live path names a database at every moment, and the rename
    // below replaces it in one step (rename(2) is atomic). Renamed aside first, a restore killed
    // between the two renames left no database there, and the next serve created an empty one
    // (review r1331). Killed after the link, the old database is still live, with a second name.
    if (existsSync(live)) {
      linkSync(live, aside);
      previous = aside;
    }
    // No -wal here once sqliteInUse closed the database (its close checkpoints it): a stray is one
    // left beside a database file already gone, so moving it first leaves no database without it.
    for (const suffix of strays) renameSync(`${live}${suffix}`, `${aside}${suffix}`);
    rmSync(`${live}-shm`, { force: true });
  }
  renameSync(incoming, live);
  syncFile(path.dirname(live));
  return { file: live, schema: describeVersion(names), ...(previous ? { previous } : {}) };
}

/**
 * Run as root (the environment file is root's, docs/deploy.md), a restore wrote a root-owned 0600
 * file into the service user's DATA_DIR, and the service could not open it: the rollback left it
 * down (review r1200). The restored file takes the directory's owner, as the service's own files
 * have. Not root, a process can only write files it owns, which the service then owns too.
 */
function ownedAsDataDir(file: string, dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(dataDir);
  // lchown: a name swapped for a link meanwhile changes the link, never what it points at.
  if (uid !== 0 || gid !== 0) lchownSync(file, uid, gid);
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The database a command works on: PostgreSQL when DATABASE_URL is set, else DATA_DIR's SQLite file. */
export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export function databaseLocation(env: Readonly<Record<string, string | undefined>>): DatabaseLocation {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  const dataDir = env.DATA_DIR?.trim() || defaultValue('DATA_DIR');
  return { kind: 'sqlite', file: path.resolve(dataDir, SQLITE_FILE_NAME) };
}
