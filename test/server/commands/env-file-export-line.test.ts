/**
 * Found by review r1497 (2026-12-07), now fixed.
 *
 * What is wrong: a line `export OGONE_OPERATION=RES` in the deployment's environment file is read
 * by the commands (server/commands/environment.ts, loadEnvironment → node:util parseEnv, which
 * drops a leading `export`) but not by systemd's EnvironmentFile= (src/basic/env-file.c has no
 * `export` keyword: the key is "export OGONE_OPERATION", an invalid name, and the assignment is
 * ignored). refuseAmbiguousValues exists to refuse exactly such lines — "two readers that
 * disagree" (#, backslashes, backticks, text after a closing quote; reviews r950…) — and its
 * ASSIGNMENT pattern even recognises the `export` prefix, but lets it through.
 *
 * Why it matters: docs/deploy.md has one file read both ways: systemd gives it to `serve`, and the
 * operator checks it with `doctor --env-file` (and `migrate`, `backup` read it). A file written
 * like a shell script (`export …`, as many .env examples are) makes doctor print, in the
 * back-office checklist the operator copies, "Default operation code: Authorisation (RES)", while
 * the service runs with no OGONE_OPERATION at all, i.e. SAL: every payment is captured at once
 * instead of authorised for a later capture — money taken before the goods ship, against what the
 * merchant configured and doctor confirmed. The same holds for any setting (DATABASE_URL: migrate
 * and backup on PostgreSQL, serve on SQLite).
 *
 * Expectation: such a line is refused naming its variable (exit 2), or read as systemd reads it
 * (not at all): doctor's checklist then says Sale (SAL).
 *
 * The fix: commands/environment.ts refuses a line starting with "export", naming its variable, as
 * it refuses the other lines systemd's EnvironmentFile= reads otherwise.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

const FILE_LINES = [
  'OGONE_PSPID=r1495shop',
  'OGONE_USER_ID=r1495-api',
  'OGONE_PASSWORD=r1495-api-password',
  'OGONE_SHA_IN=r1495-sha-in-passphrase',
  'OGONE_SHA_OUT=r1495-sha-out-passphrase',
  'MERCHANT_API_KEYS=r1495-merchant-key-0123456789abcdef',
  'PUBLIC_URL=https://pay.example.com',
  'export OGONE_OPERATION=RES',
];

describe('an environment file line starting with "export"', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'r1495-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused naming its variable, or read as systemd reads it (ignored)', async () => {
    const file = path.join(dir, 'ogone-checkout.env');
    writeFileSync(file, FILE_LINES.join('\n') + '\n', { mode: 0o600 });
    const run = await runCli(['doctor', '--offline', '--json', '--env-file', file], {});
    if (run.code === 2) {
      assert.match(run.stderr, /OGONE_OPERATION/, run.stderr);
      return;
    }
    const report = JSON.parse(run.stdout) as { checklist: Array<{ items: Array<{ setting: string; value: string }> }> };
    const operation = report.checklist.flatMap((section) => section.items).find((item) => item.setting === 'Default operation code');
    assert.equal(
      operation?.value,
      'Sale (SAL)',
      'doctor read `export OGONE_OPERATION=RES`, which systemd ignores: the service runs SAL while the checklist says RES',
    );
  });
});
