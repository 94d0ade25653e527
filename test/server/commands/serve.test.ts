/** `ogone-checkout serve` in a real child process: .env, exit 2 on bad settings, SIGTERM, no secrets in logs. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../../support/serve-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Every child started: one a failed assertion left running would keep this file's process alive. */
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function run(args: string[], options: { cwd: string; env: Record<string, string> }) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('ogone-checkout serve', () => {
  it('refuses a bad setting with one line naming it and exit code 2', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'oc-serve-'));
    try {
      const { exited, output } = run([], { cwd: ROOT, env: { DATA_DIR: cwd, OGONE_HASH_ALGORITHM: 'md5', PORT: '0' } });
      assert.equal(await exited, 2);
      const lines = output().stderr.trim().split('\n');
      assert.equal(lines.length, 1, output().stderr);
      assert.match(lines[0]!, /OGONE_HASH_ALGORITHM: must be sha1, sha256 or sha512/);
      const flag = run(['--port', 'x'], { cwd: ROOT, env: { DATA_DIR: cwd } });
      assert.equal(await flag.exited, 2);
      assert.match(flag.output().stderr, /--port/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('fails closed: no Ogone account and no OGONE_ENVIRONMENT=sandbox is exit 1 with one line naming OGONE_ENVIRONMENT', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'oc-serve-'));
    try {
      // An https PUBLIC_URL, live-looking keys and a webhook: still no sandbox without asking for it.
      const { exited, output } = run([], {
        cwd: ROOT,
        env: {
          DATA_DIR: cwd,
          PORT: '0',
          HOST: '127.0.0.1',
          PUBLIC_URL: 'https://pay.example.com',
          MERCHANT_API_KEYS: 'sk_live_0123456789abcdefghijklmn',
          WEBHOOK_URL: 'https://shop.example.com/hooks',
          WEBHOOK_SECRET: 'whsec_0123456789abcdef',
        },
      });
      assert.equal(await exited, 1);
      const lines = output().stderr.trim().split('\n');
      assert.equal(lines.length, 1, output().stderr);
      assert.match(lines[0]!, /OGONE_ENVIRONMENT/);
      assert.match(lines[0]!, /OGONE_ENVIRONMENT=sandbox/);
      assert.doesNotMatch(output().stderr + output().stdout, /listening/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('starts from .env in sandbox mode, serves, stops on SIGTERM, and logs no secret', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'oc-serve-'));
    try {
      await writeFile(path.join(cwd, '.env'), `OGONE_ENVIRONMENT=sandbox\nDATA_DIR=${cwd}/data\nPORT=0\nHOST=127.0.0.1\nLOG_LEVEL=info\n`);
      const { child, exited, output } = run([], { cwd, env: {} });
      let url: string | undefined;
      // Up to 30 s: a start compiles the server through tsx, slow on a loaded machine.
      for (let i = 0; i < 1200 && !url; i++) {
        url = /listening on (http:\/\/\S+)/.exec(output().stderr)?.[1];
        if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.ok(url, output().stderr);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      const credentials = JSON.parse(await readFile(path.join(cwd, 'data', 'sandbox-credentials.json'), 'utf8')) as Record<string, string>;
      const unauthorized = await fetch(`${url}/api/transactions`, { headers: { authorization: 'Bearer wrong-key-that-is-long-enough' } });
      assert.equal(unauthorized.status, 401);
      const authorized = await fetch(`${url}/api/transactions`, { headers: { authorization: `Bearer ${credentials.merchantApiKey}` } });
      assert.equal(authorized.status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const { stdout, stderr } = output();
      assert.match(stderr, /SIGTERM received/);
      assert.match(stdout, /sandbox mode with generated demo credentials/);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string });
      assert.ok(lines.some((line) => line.msg === 'signer server stopped'));
      for (const key of ['password', 'shaIn', 'shaOut', 'merchantApiKey']) {
        assert.ok(!stdout.includes(credentials[key]!), `${key} must not be logged`);
        assert.ok(!stderr.includes(credentials[key]!), `${key} must not be printed`);
      }
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
