/**
 * Review r1300 found that `serve` with OGONE_ENVIRONMENT=sandbox and DATA_DIR naming a file exits 3 ("a failure a
 * restart may fix") with a raw ENOTDIR naming no setting, instead of exit 2 naming DATA_DIR.
 *
 * Defect: config/env.ts refuses a DATA_DIR that names a file ("names a file, or a path through
 * one: it must be a directory", ConfigError, exit 2) and doctor reports it — but in sandbox mode
 * start-server.ts writes the generated demo credentials into DATA_DIR
 * (`sandbox-credentials.json`) before that check runs, so the start fails with
 * "cannot start: ENOTDIR: not a directory, open '…/sandbox-credentials.json'" and exit 3.
 * README ("Configuration": "a bad one stops the start with one line naming it"; DATA_DIR: "a file
 * in its way is refused"), serve --help ("A bad setting: one line naming it, exit 2") and
 * docs/deploy.md (exit 3 is restarted by the unit's Restart=on-failure; 1 and 2 are not:
 * RestartPreventExitStatus=1 2) all say otherwise.
 * Who suffers: the operator gets an error naming a file they never configured, and under the
 * systemd unit the service restarts every 2 s forever instead of stopping on the bad setting.
 * The fix made: in server/start-server.ts (demoCredentialsIfNeeded → config/demo-credentials.ts) validate the
 * configuration — or at least DATA_DIR with dataDirState — before creating/reading the demo
 * credentials file, so the ConfigError('DATA_DIR', …) (exit 2) comes first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

describe('serve (sandbox) with DATA_DIR naming a file', () => {
  it('is refused as a bad setting: exit 2, one line naming DATA_DIR', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
    try {
      const file = path.join(dir, 'data');
      await writeFile(file, 'not a directory\n');
      const run = await runCli(['serve'], { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: file, PORT: '0', HOST: '127.0.0.1' });
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^ogone-checkout serve: DATA_DIR/, run.stderr);
      assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
