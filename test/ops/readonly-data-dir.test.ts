/**
 * An existing SQLite database in a DATA_DIR that became read-only — a file system remounted
 * read-only after an I/O error, or DATA_DIR moved outside the unit's ReadWritePaths under
 * ProtectSystem=strict (docs/deploy/ogone-checkout.service). serve refused to start with the bare
 * system error ("cannot start: EROFS: read-only file system, open '…'"), not naming DATA_DIR as the
 * README promises for a refused start; doctor must report DATA_DIR as an error for it too.
 *
 * Needs a tmpfs it can mount and remount read-only (root); skipped otherwise.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DoctorReport } from '../../server/commands/doctor.ts';
import { accountEnv, runCli } from '../server/config/account-env.ts';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'oc-ro-data-dir-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
const skip = mounted ? false : 'cannot mount a tmpfs here (needs root)';

const dataDir = path.join(mountPoint, 'data');
const env = accountEnv({
  OGONE_BASE_URL: 'http://127.0.0.1:1', // doctor's DirectLink probe fails at once
  PUBLIC_URL: 'http://127.0.0.1:1', // doctor's return-route probe fails at once
  DATA_DIR: dataDir,
  RECONCILE_INTERVAL_SECONDS: '0',
});

before(async () => {
  if (!mounted) return;
  // The database a previous run of the server left, then the file system goes read-only.
  const migrated = await runCli(['migrate'], env);
  assert.equal(migrated.code, 0, migrated.out);
  execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
});

after(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe('an existing SQLite database in a read-only DATA_DIR', { skip }, () => {
  it('serve refuses, so doctor reports DATA_DIR as an error', async () => {
    const serve = await runCli(['serve'], env);
    assert.notEqual(serve.code, 0, 'serve cannot open a database it cannot write');
    const { out } = await runCli(['doctor', '--json'], env);
    const findings = (JSON.parse(out) as DoctorReport).findings.filter((f) => f.setting === 'DATA_DIR');
    assert.ok(
      findings.some((f) => f.severity === 'error'),
      `serve: exit ${serve.code} "${serve.out}"; doctor on DATA_DIR: ${JSON.stringify(findings)}`,
    );
  });

  it('serve refuses with one line naming DATA_DIR', async () => {
    const serve = await runCli(['serve'], env);
    assert.notEqual(serve.code, 0);
    assert.match(serve.out, /DATA_DIR/, `exit ${serve.code}: ${serve.out}`);
  });
});
