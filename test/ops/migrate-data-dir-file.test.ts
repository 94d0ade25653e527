/**
 * Review r1300 found that `ogone-checkout migrate` crashes with a stack trace when DATA_DIR names a file.
 *
 * Defect: README ("Configuration", DATA_DIR: "a file in its way is refused") and the CLI's
 * contract (server/commands/index.ts / command-line.ts: "exit 2 on bad input", one line on
 * stderr naming the setting) are kept by `serve` (config/env.ts refuses DATA_DIR naming a file,
 * exit 2) but not by `migrate`: it opens the database straight away, and `prepareSqliteFile`'s
 * ENOTDIR escapes as an uncaught exception — a Node stack trace of the bundle on stderr, exit 1,
 * and no word of DATA_DIR. `migrate --dry-run` even claims "no database at … yet: all 33
 * migrations would run" for a path that can never hold one.
 * Who suffers: the operator running the upgrade procedure (README "Backups and upgrades", step 2)
 * with a mistyped environment file gets a crash dump instead of the one line naming the setting;
 * a script reading exit codes sees 1 ("refused, newer schema") instead of 2 (bad input).
 * The fix made: in server/commands/migrate.ts (and backup/restore, which share withDatabaseUrlChecked in
 * server/commands/environment.ts) refuse DATA_DIR the way collectConfigErrors does — a
 * UsageError "DATA_DIR names a file, or a path through one: it must be a directory" when
 * dataDirState(DATA_DIR) === 'not-a-directory' — before openDatabase.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.ts';

let dir = '';
let file = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
  file = path.join(dir, 'not-a-directory');
  await writeFile(file, 'I am a file\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('migrate with DATA_DIR naming a file', () => {
  it('is refused as a bad setting: exit 2, one line naming DATA_DIR, no stack trace', async () => {
    const run = await runCli(['migrate'], { DATA_DIR: file });
    assert.doesNotMatch(run.stderr, /\n\s+at /, `a stack trace was printed:\n${run.stderr}`);
    assert.equal(run.stderr.trim().split('\n').length, 1, `not one line:\n${run.stderr}`);
    assert.match(run.stderr, /^ogone-checkout migrate: .*DATA_DIR/);
    assert.equal(run.code, 2, `exit ${run.code}`);
  });

  it('migrate --dry-run does not announce that the migrations would run there', async () => {
    const run = await runCli(['migrate', '--dry-run'], { DATA_DIR: file });
    assert.match(run.stderr, /DATA_DIR/, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
    assert.equal(run.code, 2, `exit ${run.code}: ${run.stdout}`);
  });

  it('backup and restore, which read DATA_DIR alike, refuse it alike', async () => {
    for (const [command, ...args] of [
      ['backup', '--to', path.join(dir, 'backup.sqlite')],
      ['restore', path.join(dir, 'backup.sqlite')],
    ] as const) {
      const run = await runCli([command, ...args], { DATA_DIR: file });
      assert.match(run.stderr, new RegExp(`^ogone-checkout ${command}: DATA_DIR: .*must be a directory`), run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.equal(run.code, 2, `${command} exit ${run.code}`);
    }
  });
});
