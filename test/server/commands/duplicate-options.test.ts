/**
 * An option given twice is refused (exit 2, one line naming the option) and nothing is done:
 * parseArgs alone keeps the last value without a word, so `backup --to A --to B` wrote B only and
 * `migrate --env-file A --env-file B` migrated B's database.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, SQLITE_FILE_NAME } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { runCli } from '../config/account-env.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oc-dup-options-'));
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'data', SQLITE_FILE_NAME) });
  await migrateToLatest(handle.db);
  await handle.close();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an option given twice is refused, naming it', () => {
  it('backup --to A --to B: exit 2, names --to, writes neither', async () => {
    const a = path.join(dir, 'a.sqlite');
    const b = path.join(dir, 'b.sqlite');
    const run = await runCli(['backup', '--to', a, '--to', b], { DATA_DIR: path.join(dir, 'data') });
    assert.equal(run.code, 2, `exit ${run.code}: ${run.out}`);
    assert.match(run.out, /--to/);
    assert.equal(existsSync(a), false, 'A written');
    assert.equal(existsSync(b), false, 'B written');
  });

  it('migrate --env-file A --env-file B: exit 2, names --env-file, creates no database', async () => {
    const first = path.join(dir, 'first.env');
    const second = path.join(dir, 'second.env');
    await writeFile(first, `DATA_DIR=${path.join(dir, 'data')}\n`);
    await writeFile(second, `DATA_DIR=${path.join(dir, 'other')}\n`);
    const run = await runCli(['migrate', '--env-file', first, '--env-file', second], {});
    assert.equal(run.code, 2, `exit ${run.code}: ${run.out}`);
    assert.match(run.out, /--env-file/);
    assert.equal(existsSync(path.join(dir, 'other', SQLITE_FILE_NAME)), false, "the second file's database was created and migrated");
  });
});
