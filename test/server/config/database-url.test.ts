/**
 * A DATABASE_URL that starts with postgres:// but is no URL pg can read (a typo in an IPv6 host,
 * an unclosed bracket): the start is refused naming the setting (it failed at the connection with
 * "Invalid URL"), doctor --offline reports it (it said "No problem found") and doctor reports it
 * as a finding (it crashed with a stack trace) — never printing the password.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));
const URL_WITH_TYPO = 'postgres://checkout:Db-Pw-8812@[::1:5432/checkout';

function run(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      OGONE_ENVIRONMENT: 'sandbox',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oc-database-url-')),
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: URL_WITH_TYPO,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('an unparseable DATABASE_URL', () => {
  it('serve refuses naming DATABASE_URL', () => {
    const { status, out } = run(['serve']);
    assert.notEqual(status, 0);
    assert.match(out, /DATABASE_URL/, `the refusal must name the setting: ${out.trim()}`);
    assert.doesNotMatch(out, /Db-Pw-8812/);
  });

  it('doctor --offline reports it', () => {
    const { status, out } = run(['doctor', '--offline']);
    assert.equal(status, 1, `doctor --offline must flag DATABASE_URL: ${out.slice(-200)}`);
    assert.doesNotMatch(out, /Db-Pw-8812/);
  });

  it('doctor reports it as a finding, no crash', () => {
    const { status, out } = run(['doctor']);
    assert.doesNotMatch(out, /at probeDatabase|node:internal|TypeError/, `doctor crashed: ${out.slice(-400)}`);
    assert.match(out, /DATABASE_URL|database/);
    assert.equal(status, 1);
    assert.doesNotMatch(out, /Db-Pw-8812/);
  });
});
