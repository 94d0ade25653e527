/**
 * Found by review r1695 (2026-12-07), now fixed.
 * The fix: the WEBHOOK_URL port refinements (port 0, fetch's bad ports) skip a value that is no URL, which z.url already refuses naming WEBHOOK_URL
 *
 * r1695 — A WEBHOOK_URL that is not a URL crashes the configuration check instead of being refused
 * by name.
 *
 * What is wrong: the WEBHOOK_URL rule in the settings parser (server/config/env.ts) ends with a
 * refinement that computes the URL's port with `new URL(…)`. The checks before it do not stop it
 * from running when the value is not a URL, so for a value such as `hooks.example.com/ogone`
 * (the scheme left off, a common slip) `new URL` throws a bare TypeError "Invalid URL" out of the
 * parser. The setting is never named.
 *
 * Why it matters (an operator): docs/deploy.md §4 promises that a bad setting makes `serve` exit 2
 * with one log line naming the setting, and that systemd does not restart it
 * (`RestartPreventExitStatus=1 2`). Instead `serve` prints "cannot start: Invalid URL" and exits
 * 3, the code for "any other failure to start", which systemd restarts over and over. The line
 * does not say which of the settings is wrong. `doctor`, which the operator runs to find exactly
 * this, dies with a stack trace (exit 1, no report) instead of reporting WEBHOOK_URL
 * (README "Going live": "every problem in one run").
 *
 * What the tests expect: serve exits 2 with a line naming WEBHOOK_URL; doctor --json prints its
 * report with an error finding on WEBHOOK_URL; collectConfigErrors returns a ConfigError for
 * WEBHOOK_URL instead of throwing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectConfigErrors } from '../../../server/config/env.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { runCli } from '../../support/cli.ts';

const NOT_A_URL = 'hooks.example.com/ogone';

describe('r1695: WEBHOOK_URL that is not a URL', { timeout: 60_000 }, () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-r1695-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({
    OGONE_PSPID: 'ReviewShop',
    OGONE_USER_ID: 'review-api',
    OGONE_PASSWORD: 'review-api-password-1',
    OGONE_SHA_IN: 'Review-SHA-IN-passphrase',
    OGONE_SHA_OUT: 'Review-SHA-OUT-passphrase',
    OGONE_ENVIRONMENT: 'test',
    MERCHANT_API_KEYS: 'sk_review_0123456789abcdefghijkl',
    PUBLIC_URL: 'https://pay.example.com',
    DATA_DIR: path.join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: '0',
    WEBHOOK_URL: NOT_A_URL,
    WEBHOOK_SECRET: 'whsec_review_0123456789',
  });

  it('the settings check reports WEBHOOK_URL instead of throwing', () => {
    let errors: ReturnType<typeof collectConfigErrors> = [];
    assert.doesNotThrow(() => {
      errors = collectConfigErrors(env());
    }, 'collectConfigErrors threw instead of naming WEBHOOK_URL');
    assert.ok(
      errors.some((error) => error.variable === 'WEBHOOK_URL'),
      `expected a ConfigError for WEBHOOK_URL, got ${JSON.stringify(errors.map((e) => e.message))}`,
    );
  });

  it('serve refuses to start with exit 2 and one line naming WEBHOOK_URL (not restarted by systemd)', async () => {
    const run = await runCli(['serve'], env(), { killAfterMs: 20_000, cwd: dir });
    assert.match(run.stderr, /WEBHOOK_URL/, `serve's error names no setting: ${JSON.stringify(run.stderr)}`);
    assert.equal(run.code, 2, `serve exited ${run.code}: ${JSON.stringify(run.stderr)}`);
  });

  it('doctor reports WEBHOOK_URL in its report instead of crashing', async () => {
    const run = await runCli(['doctor', '--json', '--offline'], env(), { killAfterMs: 20_000, cwd: dir });
    assert.doesNotMatch(run.stderr, /TypeError|Invalid URL/, `doctor crashed: ${run.stderr.slice(0, 300)}`);
    const report = JSON.parse(run.stdout) as DoctorReport;
    assert.ok(
      report.findings.some((finding) => finding.severity === 'error' && finding.setting === 'WEBHOOK_URL'),
      `no error finding on WEBHOOK_URL: ${JSON.stringify(report.findings)}`,
    );
    assert.equal(run.code, 1);
  });
});
