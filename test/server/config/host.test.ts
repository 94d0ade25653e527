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
import { accountEnv, runCli } from './account-env.ts';

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-review-host-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = (): Record<string, string> => accountEnv({ HOST: '127.0.0.1:8787', DATA_DIR: path.join(dataDir, 'data') });

describe('HOST=127.0.0.1:8787 (a port in the address)', () => {
  it('serve refuses it as a bad setting: exit 2, one line naming HOST, nothing created', async () => {
    const serve = await runCli(['serve'], env());
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
    const doctor = await runCli(['doctor', '--offline'], env());
    assert.notEqual(doctor.code, 0, `doctor --offline exited 0: "${doctor.out.trim().split('\n').at(-1)}"`);
    assert.match(doctor.out, /HOST/);
  });
});
