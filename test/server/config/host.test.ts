/**
 * Guards against what a review found: HOST is taken as any string. A typo such as HOST=127.0.0.1:8787 (port included) is not
 * refused as a bad setting: serve first creates and migrates the database, then fails the listen
 * with exit 1 and getaddrinfo's message, which does not name HOST; doctor passes it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../server/commands/index.ts';

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-review-host-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({
  OGONE_PSPID: 'MyShop',
  OGONE_USER_ID: 'apiuser',
  OGONE_PASSWORD: 'api-password-never-shown',
  OGONE_SHA_IN: 'In-passphrase-1875!?',
  OGONE_SHA_OUT: 'Out-passphrase-1875!?',
  MERCHANT_API_KEYS: 'k'.repeat(32),
  PUBLIC_URL: 'https://pay.example.com',
  PORT: '0',
  HOST: '127.0.0.1:8787',
  DATA_DIR: path.join(dataDir, 'data'),
  LOG_LEVEL: 'silent',
});

async function run(argv: string[], e: Record<string, string>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, e, { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

describe('HOST=127.0.0.1:8787 (a port in the address)', () => {
  it('serve refuses it as a bad setting: exit 2, one line naming HOST, nothing created', async () => {
    const serve = await run(['serve'], env());
    assert.equal(serve.out.split('\n').length, 1, serve.out);
    assert.match(serve.out, /HOST/, `the line should name HOST: ${serve.out}`);
    assert.equal(serve.code, 2, `exit code for a bad setting: ${serve.out}`);
    assert.equal(
      existsSync(path.join(dataDir, 'data', 'ogone-checkout.sqlite')),
      false,
      'the database was created and migrated before the refusal',
    );
  });

  it('doctor --offline reports it', async () => {
    const doctor = await run(['doctor', '--offline'], env());
    assert.notEqual(doctor.code, 0, `doctor --offline exited 0: "${doctor.out.trim().split('\n').at(-1)}"`);
    assert.match(doctor.out, /HOST/);
  });
});
