/**
 * Guards against what a review found: DATA_DIR as doctor's database probe sees it vs as serve uses it.
 * - DATA_DIR names a file: doctor says "SQLite database will be created at <file>/ogone-checkout.sqlite"
 *   (ok, exit 0 as far as DATA_DIR goes); serve exits 1 "cannot start: ENOTDIR ..." without naming
 *   the setting.
 * - DATA_DIR whose parent does not exist yet: doctor says it "is not writable" (error); serve
 *   creates it (mkdir -p) and starts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../../server/start-server.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { accountEnv, runCli } from './account-env.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oc-review-datadir-'));
  await writeFile(path.join(dir, 'a-file'), 'not a directory');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (dataDir: string): Record<string, string> =>
  accountEnv({
    OGONE_BASE_URL: 'http://127.0.0.1:1', // doctor's DirectLink probe fails at once
    PUBLIC_URL: 'http://127.0.0.1:1', // doctor's return-route probe fails at once
    DATA_DIR: dataDir,
    RECONCILE_INTERVAL_SECONDS: '0',
  });

async function doctorOnDataDir(e: Record<string, string>) {
  const { out } = await runCli(['doctor', '--json'], e);
  return (JSON.parse(out) as DoctorReport).findings.filter((f) => f.setting === 'DATA_DIR');
}

describe('DATA_DIR: doctor (online) vs serve', () => {
  it('DATA_DIR is a file: serve refuses, so doctor reports DATA_DIR as an error', async () => {
    const e = env(path.join(dir, 'a-file'));
    const serve = await runCli(['serve'], e);
    assert.notEqual(serve.code, 0);
    const findings = await doctorOnDataDir(e);
    assert.ok(
      findings.some((f) => f.severity === 'error'),
      `serve: exit ${serve.code} "${serve.out}"; doctor on DATA_DIR: ${JSON.stringify(findings)}`,
    );
  });

  it('DATA_DIR is a file: serve refuses with one line naming DATA_DIR', async () => {
    const serve = await runCli(['serve'], env(path.join(dir, 'a-file')));
    assert.match(serve.out, /DATA_DIR/, `exit ${serve.code}: ${serve.out}`);
  });

  it('DATA_DIR with missing parents: serve creates it and starts, so doctor does not call it an error', async () => {
    const e = env(path.join(dir, 'new', 'deep', 'data'));
    const findings = await doctorOnDataDir(e); // before serve creates the directory
    const running = await startServer({ env: e, quiet: true });
    await running.close();
    assert.ok(
      !findings.some((f) => f.severity === 'error'),
      `serve started with DATA_DIR=${e.DATA_DIR}; doctor on DATA_DIR: ${JSON.stringify(findings)}`,
    );
  });
});
