/**
 * PUBLIC_URL left unset with OGONE_ENVIRONMENT=production: the return URLs sent to Ogone then name
 * the listening address (http://0.0.0.0:8787, http://127.0.0.1:8787 behind nginx), which no
 * shopper's browser can reach, and only over plain http — every shopper paying real money is sent
 * back to a dead page, and serve only said so in a log warning. Found in review: refused at start
 * as an http PUBLIC_URL is (exit 2, naming PUBLIC_URL); the test platform and the sandbox, where
 * the listening address is the usual set-up, still start without it, and doctor reports it once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors } from '../../../server/config/env.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { accountEnv, runCli } from './account-env.ts';

/** The account's settings without PUBLIC_URL (blank, as an environment file's `PUBLIC_URL=` leaves it, or absent). */
function env(environment: string, publicUrl?: string): Record<string, string> {
  const { PUBLIC_URL: _ignored, ...rest } = accountEnv({ OGONE_ENVIRONMENT: environment, DATA_DIR: '/tmp', LOG_LEVEL: 'error' });
  return publicUrl === undefined ? rest : { ...rest, PUBLIC_URL: publicUrl };
}
const publicUrlErrors = (vars: Record<string, string>) => collectConfigErrors(vars).filter((error) => error.variable === 'PUBLIC_URL');

describe('PUBLIC_URL unset in production', () => {
  it('is refused, naming the setting and why, whether absent or blank', () => {
    for (const vars of [env('production'), env('production', ''), env('production', '  ')]) {
      const errors = publicUrlErrors(vars);
      assert.equal(errors.length, 1, 'serve would send shoppers back to its listening address');
      assert.match(errors[0]!.message, /^PUBLIC_URL: is required in production: /);
      assert.equal(errors[0]!.exitCode, 2);
    }
  });

  it('is accepted on the test platform and in the sandbox', () => {
    assert.deepEqual(publicUrlErrors(env('test')), []);
    assert.deepEqual(publicUrlErrors(env('sandbox')), []);
  });

  it('makes serve exit 2, naming PUBLIC_URL', async () => {
    const run = await runCli(['serve'], env('production'));
    assert.equal(run.code, 2, run.out);
    assert.match(run.out, /PUBLIC_URL: is required in production/);
  });

  it('is reported by doctor once, as its own finding', async () => {
    const run = await runCli(['doctor', '--json', '--offline'], env('production'));
    assert.equal(run.code, 1);
    const report = JSON.parse(run.out) as DoctorReport;
    const errors = report.findings.filter((f) => f.severity === 'error' && f.setting === 'PUBLIC_URL').map((f) => f.check);
    assert.deepEqual(errors, ['public-url']);
  });
});
