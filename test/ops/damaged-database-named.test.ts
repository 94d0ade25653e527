/**
 * Found by review r1500 (2026-12-07), now fixed.
 *
 * What is wrong: when the SQLite database in DATA_DIR is damaged (its first page lost: SQLite
 * answers SQLITE_NOTADB), the commands that open it do not say which file:
 *   - `migrate` (and `migrate --dry-run`, the README's upgrade step 2) crashes with Node's stack
 *     trace: server/commands/migrate.ts calls openDatabase (server/db/connect.ts,
 *     sqliteWriterPragmas → `journal_mode = WAL` throws) *before* its try block, so the error is
 *     neither one line nor "ogone-checkout migrate: …";
 *   - `serve` prints "ogone-checkout serve: cannot start: file is not a database" — no path, no
 *     setting — and exits 3, the code the unit restarts ("a failure a restart may fix");
 *   - `backup` prints "ogone-checkout backup: file is not a database", which reads as if the
 *     --to FILE were the problem.
 *
 * Why it matters: the CLI's contract (server/commands/command-line.ts: "one line on stderr
 * (`ogone-checkout <name>: …`)"; serve --help: "A bad setting: one line naming it") and the fixes
 * already made for DATA_DIR (server/commands/environment.ts: "a DATA_DIR naming a file crashed
 * with ENOTDIR's stack trace"). An operator facing a shop that is down is told "file is not a
 * database" with no hint that it is DATA_DIR's database — doctor, by contrast, names the file.
 *
 * Expectation: each of migrate --dry-run, migrate, serve and backup exits non-zero with one line
 * on stderr, starting "ogone-checkout <command>:", that names the database file (or DATA_DIR).
 *
 * The fix: db/connect.ts names the file SQLite answers SQLITE_NOTADB or SQLITE_CORRUPT for
 * (DatabaseDamagedError), as db/backup.ts does for a backup's source; migrate opens the database
 * inside its error handling, and serve exits 1 for it (a restart does not fix it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { runCli } from '../support/cli.ts';

describe('commands on a damaged SQLite database in DATA_DIR', { timeout: 120_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'r1495-damaged-'));
  const dataDir = path.join(scratch, 'data');
  const live = path.join(dataDir, SQLITE_FILE_NAME);
  after(() => rmSync(scratch, { recursive: true, force: true }));

  before(async () => {
    const handle = openDatabase({ kind: 'sqlite', file: live });
    await migrateToLatest(handle.db);
    await handle.close();
    const bytes = readFileSync(live);
    bytes.fill(0, 0, 4096); // the first page lost: a torn write, a bad sector
    writeFileSync(live, bytes);
  });

  const cases: Array<[string, string[], Record<string, string>]> = [
    ['migrate --dry-run', ['migrate', '--dry-run'], {}],
    ['migrate', ['migrate'], {}],
    ['serve', ['serve'], { OGONE_ENVIRONMENT: 'sandbox', HOST: '127.0.0.1', PORT: '0' }],
    ['backup', ['backup', '--to', path.join(scratch, 'copy.sqlite')], {}],
  ];

  for (const [label, argv, extra] of cases) {
    it(`${label}: one line naming the database`, async () => {
      const run = await runCli(argv, { DATA_DIR: dataDir, ...extra });
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((line) => line.trim() !== '');
      assert.notEqual(run.code, 0, run.stderr);
      assert.notEqual(run.code, null, 'it refused instead of running');
      assert.ok(!/\n\s+at /.test(run.stderr), `a stack trace instead of one line:\n${run.stderr.slice(0, 400)}`);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, new RegExp(`^ogone-checkout ${argv[0]}: `), lines[0]);
      assert.ok(
        lines[0]!.includes(live) || lines[0]!.includes(dataDir) || /DATA_DIR/.test(lines[0]!),
        `the line names neither the database nor DATA_DIR: ${lines[0]}`,
      );
    });
  }
});
