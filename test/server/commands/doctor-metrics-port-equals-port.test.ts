/**
 * Review r1300 found that doctor passes (exit 0, "no problem") a METRICS_PORT equal to PORT, which serve then
 * refuses at every start.
 *
 * Defect: with METRICS_PORT set to the same port as PORT (HOST 127.0.0.1, METRICS_HOST's default
 * 127.0.0.1 — or HOST 0.0.0.0, which covers it), serve's second listener cannot bind: it exits 2
 * with "METRICS_PORT: cannot listen on 127.0.0.1:P (EADDRINUSE)". The conflict is in the
 * configuration alone, yet runDoctor (server/commands/doctor.ts) never compares the two ports —
 * `doctor --offline` reports no error and exits 0. README ("Going live"): doctor "checks the
 * configuration serve would run … every problem in one run", and step 2 is "run doctor until it
 * exits 0"; test/server/config/doctor-serve-agree.test.ts states the rule "serve refuses, so
 * doctor must not pass".
 * Who suffers: the operator who follows the go-live procedure gets a green doctor, deploys, and
 * the service does not start (the unit does not restart exit 2) — the shop takes no payments.
 * The fix made: in server/config/env.ts collectConfigErrors (which doctor runs) — or in
 * server/doctor/findings.ts — report METRICS_PORT when it is non-zero and equals PORT while
 * METRICS_HOST and HOST can overlap (same address, or either a wildcard), naming METRICS_PORT.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('METRICS_PORT equal to PORT', () => {
  it('serve refuses it (exit 2, METRICS_PORT), so doctor must not pass it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
    try {
      const port = String(await freePort());
      const env = { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: port, METRICS_PORT: port };
      const serve = await runCli(['serve'], env);
      // The premise: serve trips on this configuration.
      assert.equal(serve.code, 2, `serve exited ${serve.code}: ${serve.stderr}`);
      assert.match(serve.stderr, /METRICS_PORT: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);

      const doctor = await runCli(['doctor', '--offline', '--json'], env);
      const report = JSON.parse(doctor.stdout) as { ok: boolean; findings: Array<{ severity: string; setting?: string }> };
      const errors = report.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.setting);
      assert.deepEqual(errors, ['METRICS_PORT'], `doctor's errors: ${JSON.stringify(errors)}`);
      assert.equal(report.ok, false);
      assert.equal(doctor.code, 1, `doctor exited ${doctor.code}`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
