/**
 * "A bad setting: one line naming it" (serve --help; docs/deploy.md §4). A HOST that is not an
 * address of this machine, or a PORT another process holds, stopped `serve` with Node's own error
 * (`cannot start: listen EADDRNOTAVAIL …`), naming neither, with exit 1 — documented as "no Ogone
 * account", which the systemd unit does not restart on (review r950). Now one line names HOST or
 * PORT and the exit is 2, as METRICS_PORT's listener already did.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sandboxEnv } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runServe(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Started after all: stop it, the assertion below says what was expected.
    if (/listening on /.test(stderr)) child.kill('SIGTERM');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

describe('serve cannot listen on HOST:PORT', { timeout: 90_000 }, () => {
  let holder: Server;
  let held = 0;
  let setup: Awaited<ReturnType<typeof sandboxEnv>>;
  before(async () => {
    setup = await sandboxEnv();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    held = (holder.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((resolve) => holder.close(resolve));
    await setup.remove();
  });

  it('HOST not an address of this machine: refused naming HOST', async () => {
    const { code, stderr } = await runServe({ ...setup.env, HOST: '192.0.2.1', PORT: '0' });
    assert.equal(code, 2, stderr);
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /\bHOST\b/, `the refusal names no setting: ${lines[0]}`);
  });

  it('PORT held by another process: refused naming PORT', async () => {
    const { code, stderr } = await runServe({ ...setup.env, HOST: '127.0.0.1', PORT: String(held) });
    assert.equal(code, 2, stderr);
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /\bPORT\b/, `the refusal names no setting: ${lines[0]}`);
  });

  // "::1:8787" names another address than ::1 port 8787: an IPv6 HOST is written in brackets.
  it('an IPv6 HOST: the refusal writes it [::1]:port', async () => {
    const holder6 = createServer();
    await new Promise<void>((resolve) => holder6.listen(0, '::1', resolve));
    try {
      const port = (holder6.address() as { port: number }).port;
      const { code, stderr } = await runServe({ ...setup.env, HOST: '::1', PORT: String(port) });
      assert.equal(code, 2, stderr);
      assert.ok(stderr.includes(`cannot listen on [::1]:${port}:`), stderr);
    } finally {
      await new Promise((resolve) => holder6.close(resolve));
    }
  });
});
