/**
 * `backup --to` where no backup file can be written — a directory, a path through a file, a
 * read-only file system, a disk too full for the copy — is refused with one line naming --to, exit 1, and leaves nothing behind
 * (found in review).
 *
 * What was wrong: `--to /var/backups/ogone-checkout/` (the directory of README's example, an easy
 * slip in a cron line) was answered "already exists (add --force to overwrite it)": the operator
 * told to overwrite a directory, and with --force the bare system error of the copy's rename
 * ("EISDIR: illegal operation on a directory, rename '…partial-<pid>' -> '…'"). A directory the
 * command cannot write in was answered with the bare error of opening its own temporary name
 * ("ENOTDIR: not a directory, open '…/backup.sqlite.partial-<pid>'", "EROFS: …"): a name the
 * operator never gave, and no word of --to. README "Backups and upgrades" and `backup --help`
 * promise a refusal that names the option at fault, as the command's other refusals do ("--to:
 * the directory … does not exist", "--to: … already exists"). A copy that did not fit on its disk
 * was answered "database or disk is full", which reads as the live database's disk.
 *
 * Each runs the command in a process of its own, as cron does. The read-only and full cases need
 * tmpfs mounts (root); they are skipped otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('backup --to where no backup file can be written', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-backup-target-'));
  const dataDir = path.join(dir, 'data');
  const backups = path.join(dir, 'backups');
  const aFile = path.join(dir, 'notes.txt');
  const readOnly = path.join(dir, 'read-only');
  const small = path.join(dir, 'small');
  let mounted = false;

  before(async () => {
    const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) });
    await migrateToLatest(handle.db);
    await handle.close();
    mkdirSync(backups);
    writeFileSync(aFile, 'not a directory\n');
    mkdirSync(readOnly);
    mkdirSync(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,ro', 'tmpfs', readOnly], { stdio: 'ignore' });
      // Smaller than the database (a quarter of a megabyte with no data): the copy cannot fit.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false;
    }
  });

  after(() => {
    if (mounted) for (const point of [readOnly, small]) execFileSync('umount', [point]);
    rmSync(dir, { recursive: true, force: true });
  });

  const backup = (args: string[]) => runCli(['backup', ...args], { DATA_DIR: dataDir }, { cwd: ROOT, killAfterMs: 60_000 });

  /** Exit 1, one line on stderr starting "ogone-checkout backup: --to:", no stack trace. */
  function assertRefusedNamingTo(run: { code: number | null; stdout: string; stderr: string }, reason: RegExp): void {
    const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
    assert.deepEqual(
      { code: run.code, lines: lines.length, stdout: run.stdout },
      { code: 1, lines: 1, stdout: '' },
      `stderr:\n${run.stderr.slice(0, 600)}`,
    );
    assert.match(lines[0]!, /^ogone-checkout backup: --to: /);
    assert.match(lines[0]!, reason);
  }

  for (const [how, args] of [
    ['a directory', () => ['--to', backups]],
    ['a directory, with a trailing slash', () => ['--to', `${backups}/`]],
    ['a directory, with --force', () => ['--to', backups, '--force']],
  ] as const) {
    it(`naming ${how}: refused as a directory, not offered --force; nothing written`, async () => {
      const run = await backup(args());
      assertRefusedNamingTo(run, /is a directory/);
      assert.doesNotMatch(run.stderr, /add --force/);
      assert.deepEqual(readdirSync(backups), [], 'nothing written in it');
      assert.deepEqual(readdirSync(dir).sort(), ['backups', 'data', 'notes.txt', 'read-only', 'small'], 'nothing written beside it');
    });
  }

  it('through a file: refused naming --to and the reason, nothing written', async () => {
    const run = await backup(['--to', path.join(aFile, 'backup.sqlite')]);
    assertRefusedNamingTo(run, /not a directory/);
    assert.deepEqual(readdirSync(dir).sort(), ['backups', 'data', 'notes.txt', 'read-only', 'small']);
  });

  it('in a read-only directory: refused naming --to and the directory, nothing written', async (t) => {
    if (!mounted) return t.skip('cannot mount a tmpfs here (needs root)');
    const run = await backup(['--to', path.join(readOnly, 'backup.sqlite')]);
    assertRefusedNamingTo(run, new RegExp(`cannot write in ${readOnly.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.doesNotMatch(run.stderr, /partial-\d+/, 'never the name of its own temporary copy');
    assert.deepEqual(readdirSync(readOnly), []);
  });

  it('on a disk too full for it: refused naming --to, not the live database; nothing left there', async (t) => {
    if (!mounted) return t.skip('cannot mount a tmpfs here (needs root)');
    const run = await backup(['--to', path.join(small, 'backup.sqlite')]);
    assertRefusedNamingTo(run, /full/);
    assert.deepEqual(readdirSync(small), [], 'no partial copy left taking the room');
  });
});
