/**
 * Found by review r1496 (2026-12-07), now fixed.
 *
 * What is wrong: a DATABASE_URL whose password holds an unencoded `@` and then `#` (a generated
 * password such as `K9@fT2x7#pq`) passes serve's check (server/config/env.ts, envSchema
 * DATABASE_URL → readableByPg, and databaseUrlProblem for migrate/backup/restore): the URL parser
 * ends the authority at `#`, so the text between the password's `@` and `#` becomes the *host
 * name*. Every command then prints that piece of the password: `serve` ("cannot start: getaddrinfo
 * ENOTFOUND fT2x7"), `migrate` ("cannot migrate: getaddrinfo ENOTFOUND fT2x7") and `doctor`
 * ("database not reachable (postgres://fT2x7)" — server/doctor/probes.ts describePostgres).
 *
 * Why it matters: README, Configuration: DATABASE_URL is *secret* ("it may hold a password") and
 * "*secret* variables are never printed"; these lines go to journald / CI logs that more people
 * read than the root-only environment file. A PostgreSQL URL has no fragment, so a `#` in it is
 * always such a mistake and can be refused before anything connects, naming the setting (as
 * WEBHOOK_URL's bare `%` is refused: "write it as %25").
 *
 * Expectation: with such a DATABASE_URL, serve, migrate and doctor exit non-zero, serve's one line
 * names DATABASE_URL, and no output holds any part of the password.
 *
 * The fix: a DATABASE_URL with a "#" is refused, naming the setting and %23 (config/env.ts,
 * databaseUrlProblem), and doctor probes no URL serve refuses (doctor/probes.ts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

const PASSWORD = 'K9@fT2x7#pq';
const PIECES = [PASSWORD, 'fT2x7', 'ft2x7'];
const DATABASE_URL = `postgres://r1495_shop:${PASSWORD}@127.0.0.1:5432/r1495_never_created`;

function leaked(output: string): string[] {
  return PIECES.filter((piece) => output.includes(piece));
}

describe('DATABASE_URL with "@" and "#" in its password', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'r1495-dburl-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, OGONE_ENVIRONMENT: 'sandbox', HOST: '127.0.0.1', PORT: '0', DATABASE_URL };

  it('serve refuses naming DATABASE_URL and prints no part of the password', async () => {
    const run = await runCli(['serve'], env);
    const output = run.stdout + run.stderr;
    assert.notEqual(run.code, 0, output);
    assert.deepEqual(leaked(output), [], `serve printed part of the password: ${run.stderr.trim()}`);
    assert.match(run.stderr, /DATABASE_URL/, 'the refusal names the setting');
  });

  it('migrate prints no part of the password', async () => {
    const run = await runCli(['migrate'], env);
    const output = run.stdout + run.stderr;
    assert.notEqual(run.code, 0, output);
    assert.deepEqual(leaked(output), [], `migrate printed part of the password: ${run.stderr.trim()}`);
  });

  it('doctor prints no part of the password', async () => {
    const run = await runCli(['doctor', '--json'], env);
    const output = run.stdout + run.stderr;
    assert.notEqual(run.code, 0);
    assert.deepEqual(leaked(output), [], 'doctor printed part of the password');
  });
});
