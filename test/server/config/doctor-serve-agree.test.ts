/**
 * Guards against what a review found: doctor must not pass what serve refuses. The same environment is fed to
 * `doctor --offline` and to `serve` (both in-process through main()); whenever serve refuses to
 * start, doctor must exit non-zero too.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accountEnv, runCli } from './account-env.ts';

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-review-agree-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const baseEnv = (): Record<string, string> => accountEnv({ DATA_DIR: dataDir });

// Each row: a setting serve reads and refuses (exit 2, one line naming it).
const ROWS: Array<[string, Record<string, string>]> = [
  ['LOG_FORMAT=xml', { LOG_FORMAT: 'xml' }],
  ['METRICS_PORT=99999', { METRICS_PORT: '99999' }],
  ['METRICS_HOST with a space', { METRICS_HOST: 'a b' }],
  ['RECONCILE_INTERVAL_SECONDS=abc', { RECONCILE_INTERVAL_SECONDS: 'abc' }],
  ['RECONCILE_MAX_AGE_DAYS=0', { RECONCILE_MAX_AGE_DAYS: '0' }],
];

describe('doctor --offline vs serve on the same environment', () => {
  for (const [label, extra] of ROWS) {
    it(`${label}: serve refuses, so doctor must not pass`, async () => {
      const env = { ...baseEnv(), ...extra };
      const serve = await runCli(['serve'], env);
      assert.equal(serve.code, 2, `serve should refuse ${label}: ${serve.out}`);
      const doctor = await runCli(['doctor', '--offline'], env);
      assert.notEqual(
        doctor.code,
        0,
        `serve exited ${serve.code} ("${serve.out}") but doctor --offline exited 0: "${doctor.out.trim().split('\n').at(-1)}"`,
      );
      const name = Object.keys(extra)[0]!;
      assert.match(doctor.out, new RegExp(name), `doctor should name ${name}`);
    });
  }
});
