/**
 * Review r1300 found that `serve --host 127.0.0.1:8080` is refused in the name of HOST, a setting the operator did
 * not set, and without the check HOST itself gets.
 *
 * Defect: serve.ts passes --host straight to startServer; it skips the validation HOST gets
 * (config/env.ts: "HOST: must be an address or host name to listen on, such as 0.0.0.0, 127.0.0.1
 * or ::1 (no port: that is PORT)") and fails later at listen, where the message names HOST:
 * "ogone-checkout serve: HOST: cannot listen on [127.0.0.1:8080]:0: not an address of this
 * machine (ENOTFOUND)". The CLI's contract (command-line.ts, serve --help: "A bad setting: one
 * line naming it") is that the line names what was given — here the --host option; the operator
 * checks the environment file for a HOST that is not there, and is not told that the port goes
 * in --port.
 * The fix made: in server/commands/serve.ts, validate --host as HOST is validated (the same parser as
 * config/env.ts uses for HOST) and raise UsageError('--host: must be an address or host name …
 * (no port: that is --port)'); at listen, name --host when the address came from it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

describe('serve --host with a port in it', () => {
  it('is refused naming --host (not HOST), before anything listens', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
    try {
      const run = await runCli(['serve', '--host', '127.0.0.1:8080', '--port', '0'], { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: dataDir });
      assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^ogone-checkout serve: --host/, run.stderr);
      assert.doesNotMatch(run.stderr, /\bHOST:/, run.stderr);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
