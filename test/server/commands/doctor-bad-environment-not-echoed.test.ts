/**
 * Found by review r1503 (2026-12-07), now fixed.
 *
 * What is wrong: `ogone-checkout doctor` (server/commands/doctor.ts, runDoctor; and
 * server/doctor/findings.ts, environmentFindings) takes OGONE_ENVIRONMENT's raw text as "the
 * environment" whatever it holds: it prints it in the report's title ("ogone-checkout doctor —
 * <value>", and `environment` in --json) and adds a ✔ finding "environment <value>" for it — while
 * serve refuses that very value ("OGONE_ENVIRONMENT: must be sandbox, test, production or
 * disabled"), which doctor also reports further down.
 *
 * Why it matters: the project's own rule for a mistyped non-secret setting is not to echo it, "a
 * passphrase put on the wrong line of a .env would be printed" (server/commands/algorithm.ts and
 * doctor/findings.ts, algorithmFindings, for OGONE_HASH_ALGORITHM). An env file with the SHA-OUT
 * passphrase on OGONE_ENVIRONMENT's line gets that passphrase printed twice in doctor's output,
 * which operators paste into tickets (README: "copy its checklist into the back office"). The ✔
 * beside it also tells the operator the environment is fine when serve will not start on it.
 *
 * Expectation: with OGONE_ENVIRONMENT holding something that is not one of the four environments,
 * doctor's output (text and --json) never contains that value, and no finding about
 * OGONE_ENVIRONMENT is marked ok.
 *
 * The fix: doctor names an OGONE_ENVIRONMENT that is none of the four `invalid` and checks nothing
 * against it (doctor/findings.ts environmentFindings); serve's validation reports the setting.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../support/cli.ts';

const PASTED_PASSPHRASE = 'Shop-Out#Passphrase-2026';

const ENV = {
  OGONE_PSPID: 'r1495shop',
  OGONE_USER_ID: 'r1495-api',
  OGONE_PASSWORD: 'r1495-api-password',
  OGONE_SHA_IN: 'r1495-sha-in-passphrase',
  OGONE_SHA_OUT: 'r1495-sha-out-passphrase',
  MERCHANT_API_KEYS: 'r1495-merchant-key-0123456789abcdef',
  PUBLIC_URL: 'https://pay.example.com',
  // The SHA-OUT passphrase typed on the wrong line of the environment file.
  OGONE_ENVIRONMENT: PASTED_PASSPHRASE,
};

describe('doctor with an OGONE_ENVIRONMENT that is not an environment', { timeout: 60_000 }, () => {
  it('does not print the value (text report)', async () => {
    const run = await runCli(['doctor', '--offline'], ENV);
    assert.equal(run.code, 1, run.stderr);
    const echoed = (run.stdout + run.stderr).split('\n').filter((line) => line.includes(PASTED_PASSPHRASE));
    assert.deepEqual(echoed, [], 'doctor printed the value of OGONE_ENVIRONMENT');
  });

  it('neither prints it nor marks it ok (--json)', async () => {
    const run = await runCli(['doctor', '--offline', '--json'], ENV);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      environment: string;
      findings: Array<{ severity: string; setting?: string; message: string }>;
    };
    const ok = report.findings.filter((finding) => finding.setting === 'OGONE_ENVIRONMENT' && finding.severity === 'ok');
    assert.deepEqual(ok, [], 'a ✔ for an OGONE_ENVIRONMENT serve refuses');
    assert.ok(!run.stdout.includes(PASTED_PASSPHRASE), `the report holds the value: environment ${JSON.stringify(report.environment)}`);
  });
});
