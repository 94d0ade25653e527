/**
 * The example environment file's `change-me…` values are public (in the repository and the npm
 * package): with them a stranger refunds through the merchant API (MERCHANT_API_KEYS), signs a
 * "paid" feedback (OGONE_SHA_OUT) or forges events (WEBHOOK_SECRET). In production `serve` refuses
 * to start while one is left, exit 2 naming each setting (docs/deploy.md §2), and doctor reports
 * each once; on the test platform serve starts and doctor still names them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors, parseServerConfig } from '../../../server/config/env.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { accountEnv, runCli } from './account-env.ts';

const production = (overrides: Record<string, string>) => accountEnv({ OGONE_ENVIRONMENT: 'production', LOG_LEVEL: 'error', ...overrides });

describe("the example file's change-me placeholders", () => {
  it('are refused in production, each named, whatever its case or place', () => {
    const env = production({
      OGONE_SHA_OUT: 'change-me-sha-out-16-to-32',
      MERCHANT_API_KEYS: `${'k'.repeat(32)}, Change-Me-at-least-24-characters-long`,
      WEBHOOK_URL: 'https://shop.example.com/hooks',
      WEBHOOK_SECRET: 'change-me-webhook-secret-16+',
      DATABASE_URL: 'postgres://ogone_checkout:change-me@127.0.0.1:5432/ogone_checkout',
    });
    assert.deepEqual(
      collectConfigErrors(env).map((error) => error.variable),
      ['OGONE_SHA_OUT', 'MERCHANT_API_KEYS', 'WEBHOOK_SECRET', 'DATABASE_URL'],
    );
    for (const error of collectConfigErrors(env)) {
      assert.match(error.message, /change-me placeholder, which is public/);
      assert.equal(error.exitCode, 2);
      assert.doesNotMatch(error.message, /sha-out-16|webhook-secret-16|at-least-24/i, 'the value is never repeated');
    }
  });

  it('leave a production configuration without them alone', () => {
    // "change-me" inside a value, not at its start, is someone's own passphrase.
    assert.doesNotThrow(() => parseServerConfig(production({ OGONE_SHA_OUT: 'Out-please-change-me-1875' })));
  });

  it('are accepted on the test platform, where no real money moves', () => {
    const config = parseServerConfig(accountEnv({ OGONE_ENVIRONMENT: 'test', OGONE_SHA_OUT: 'change-me-sha-out-16-to-32' }));
    assert.equal(config.provider.environment, 'test');
  });

  it('make serve exit 2 in production, naming the setting and never printing its value', async () => {
    const run = await runCli(['serve'], production({ MERCHANT_API_KEYS: 'change-me-at-least-24-characters-long' }));
    assert.equal(run.code, 2, run.out);
    assert.match(run.out, /MERCHANT_API_KEYS/);
    assert.doesNotMatch(run.out, /at-least-24-characters-long/);
  });

  it('are reported by doctor once per setting, not again as a configuration error', async () => {
    const run = await runCli(
      ['doctor', '--json', '--offline'],
      production({ OGONE_PASSWORD: 'change-me-api-user-password', OGONE_SHA_IN: 'change-me-sha-in-16-to-32' }),
    );
    assert.equal(run.code, 1);
    const report = JSON.parse(run.out) as DoctorReport;
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.check} ${f.setting}`);
    assert.deepEqual(errors.sort(), ['placeholder OGONE_PASSWORD', 'placeholder OGONE_SHA_IN']);
  });
});
