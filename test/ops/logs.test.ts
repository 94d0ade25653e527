/**
 * Logs of a real `ogone-checkout serve` process (issue 15, "Logs"). With the default LOG_FORMAT
 * every line it prints, on stdout and stderr, is one JSON object — the start line too, which
 * carries the URL, so a log collector never meets a line it cannot parse. With LOG_FORMAT=pretty
 * the same records are readable lines for people (no raw JSON), and secrets are still redacted:
 * pino removes them before pino-pretty formats the record. A bad LOG_FORMAT stops the start with
 * one line naming it, before anything is opened.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../server/logger.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT, secretsIn } from '../support/accounts.ts';
import { api, createPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { sandboxEnv } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));

const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** Requests that make the server log: a payment, a refused key, a forged feedback; then SIGTERM. */
async function exercise(server: ServerProcess): Promise<{ stdout: string; stderr: string; code: number | null }> {
  await createPayment(server.url, { amount: 1250, currency: 'EUR' });
  assert.equal((await api(server.url, '/api/transactions', { key: 'sk_wrong_key_that_is_long_enough_000' })).status, 401);
  assert.equal((await api(server.url, '/api/transactions')).status, 200);
  const forged = new URLSearchParams({ orderID: 'OC-NOPE', STATUS: '9', PAYID: '1', SHASIGN: 'F'.repeat(128) });
  await fetch(`${server.url}/payment/ogone/return`, { method: 'POST', body: forged });
  const code = await server.stop();
  return { ...server.output(), code };
}

describe('serve logs, LOG_FORMAT=json (the default)', () => {
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  let printed: { stdout: string; stderr: string; code: number | null };
  let url: string;

  before(async () => {
    files = await sandboxEnv();
    const server = await spawnServer({ env: files.env, entry: 'serve', startTimeoutMs: 90_000 });
    url = server.url;
    printed = await exercise(server);
  });
  after(() => files?.remove());

  it('every line on stdout and stderr is one JSON object, the start line with its URL too', () => {
    assert.equal(printed.code, 0);
    const lines = [...linesOf(printed.stdout), ...linesOf(printed.stderr)];
    assert.ok(lines.length >= 5, `lines were printed: ${lines.length}`);
    const records = lines.map((line) => {
      try {
        return JSON.parse(line) as { msg?: string; url?: string; level?: number; time?: string };
      } catch {
        assert.fail(`not a JSON line: ${line.slice(0, 200)}`);
      }
    });
    for (const record of records) assert.ok(typeof record.level === 'number' && typeof record.time === 'string', JSON.stringify(record));
    const start = records.find((record) => record.msg?.startsWith('listening on '));
    assert.ok(start, 'a start line');
    assert.equal(start.url, url);
    assert.ok(
      records.some((record) => record.msg === 'request'),
      'request lines are there',
    );
    assert.ok(
      records.some((record) => record.msg?.startsWith('SIGTERM received')),
      'the stop line is JSON too',
    );
  });

  it('no secret of the account is in any line', () => {
    assert.deepEqual(secretsIn(printed.stdout + printed.stderr), []);
  });
});

describe('serve logs, LOG_FORMAT=pretty', () => {
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  let printed: { stdout: string; stderr: string; code: number | null };
  let url: string;

  before(async () => {
    files = await sandboxEnv();
    const server = await spawnServer({ env: { ...files.env, LOG_FORMAT: 'pretty' }, entry: 'serve', startTimeoutMs: 90_000 });
    url = server.url;
    printed = await exercise(server);
  });
  after(() => files?.remove());

  it('lines are for people: a level and a message, no raw JSON', () => {
    assert.equal(printed.code, 0);
    const lines = [...linesOf(printed.stdout), ...linesOf(printed.stderr)];
    for (const line of lines) assert.doesNotMatch(line, /^\s*\{"/, `raw JSON: ${line.slice(0, 200)}`);
    assert.ok(
      lines.some((line) => /^\[[\d:.]+\] INFO.*: listening on /.test(line) && line.includes(url)),
      printed.stderr,
    );
    assert.ok(
      lines.some((line) => /^\[[\d:.]+\] INFO: request/.test(line)),
      'request lines, formatted',
    );
  });

  it('no secret of the account is in any line', () => {
    assert.deepEqual(secretsIn(printed.stdout + printed.stderr), []);
  });

  it('a secret handed to the pretty logger by key is printed as [redacted]', () => {
    const sink = new PassThrough();
    let written = '';
    sink.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const logger = createLogger({ format: 'pretty', destination: sink });
    logger.info({ password: SCALE_ACCOUNT.OGONE_PASSWORD, headers: { authorization: `Bearer ${MERCHANT_API_KEY}` } }, 'probe');
    assert.match(written, /INFO: probe/);
    assert.match(written, /password: "\[redacted\]"/);
    assert.match(written, /"?authorization"?: "\[redacted\]"/);
    assert.deepEqual(secretsIn(written), []);
  });
});

describe('a bad LOG_FORMAT', () => {
  it('stops the start with one line naming LOG_FORMAT, exit 2, nothing created', async () => {
    const files = await sandboxEnv();
    try {
      const dataDir = `${files.dataDir}/not-created`;
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: { PATH: process.env.PATH ?? '', ...files.env, DATA_DIR: dataDir, OGONE_ENVIRONMENT: 'test', LOG_FORMAT: 'yaml', PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.equal(code, 2, stderr);
      assert.match(stderr, /LOG_FORMAT: must be json .* or pretty/);
      assert.equal(linesOf(stderr).length, 1, stderr);
      assert.equal(existsSync(dataDir), false, 'no database was created');
    } finally {
      await files.remove();
    }
  });
});
