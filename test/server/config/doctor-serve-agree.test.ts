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
import { main } from '../../../server/commands/index.ts';

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-review-agree-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const baseEnv = (): Record<string, string> => ({
  OGONE_PSPID: 'MyShop',
  OGONE_USER_ID: 'apiuser',
  OGONE_PASSWORD: 'api-password-never-shown',
  OGONE_SHA_IN: 'In-passphrase-1875!?',
  OGONE_SHA_OUT: 'Out-passphrase-1875!?',
  MERCHANT_API_KEYS: 'k'.repeat(32),
  PUBLIC_URL: 'https://pay.example.com',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});

async function run(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, env, { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

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
      const serve = await run(['serve'], env);
      assert.equal(serve.code, 2, `serve should refuse ${label}: ${serve.out}`);
      const doctor = await run(['doctor', '--offline'], env);
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
