/**
 * METRICS_HOST set to an address that is not this machine's (a typo in the private
 * address, the address of the Prometheus host instead of this one's).
 *
 * README "Configuration": "a bad one stops the start with one line naming it"; METRICS_HOST is
 * "the address of the `METRICS_PORT` listener". The main listener already tells HOST from PORT
 * (start-server.ts: "An address not of this machine is HOST's; a port taken or forbidden,
 * PORT's"). Review r1200 found the metrics listener blaming METRICS_PORT for every failure,
 * sending the operator to change a port that was fine.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverEnv } from '../support/accounts.ts';
import { runCli } from '../support/cli.ts';

const serve = (env: Record<string, string>) => runCli(['serve'], { HOST: '127.0.0.1', PORT: '0', ...env });

describe('METRICS_HOST not an address of this machine', { timeout: 60_000 }, () => {
  for (const host of ['192.0.2.10', '10.255.255.254']) {
    it(`METRICS_HOST=${host}: exit 2, one line naming METRICS_HOST`, async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'r1200-metrics-host-'));
      try {
        const { code, stderr } = await serve(serverEnv('http://127.0.0.1:9', { DATA_DIR: dataDir, METRICS_PORT: '0', METRICS_HOST: host }));
        const lines = stderr.split('\n').filter((line) => line.trim() !== '');
        assert.equal(code, 2, stderr);
        assert.equal(lines.length, 1, stderr);
        assert.match(lines[0]!, /METRICS_HOST/, `the line names METRICS_HOST: ${lines[0]}`);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
