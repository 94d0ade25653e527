/**
 * Graceful shutdown under load (issue 13, point 8), on a real `bin/ogone-checkout.js serve`
 * process: keep-alive clients writing checkout sessions as fast as they can, a request whose body
 * is still arriving, a /readyz whose head is still arriving, an idle keep-alive connection — then
 * SIGTERM. No connection is reset, the slow request finishes with `Connection: close`, /readyz
 * says 503, the process exits 0, and every session answered 201 is in the database afterwards.
 * Then the same through `npx ogone-checkout serve`: SIGTERM to npx leaves no server behind.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { spawnServer } from '../support/processes.ts';
import { MERCHANT_API_KEY } from '../support/accounts.ts';
import { dribble, rawClient, sandboxEnv } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SESSION = JSON.stringify({
  amount: 1999,
  currency: 'EUR',
  successUrl: 'https://shop.example.com/thanks',
  failureUrl: 'https://shop.example.com/cart',
});

interface Answer {
  status: number;
  connection: string | undefined;
  id?: string;
}

function createSession(url: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/checkout-sessions`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${MERCHANT_API_KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(SESSION),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let id: string | undefined;
          try {
            id = (JSON.parse(text) as { id?: string }).id;
          } catch {
            // not JSON: the status says enough
          }
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, ...(id ? { id } : {}) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(SESSION);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  before(async () => {
    files = await sandboxEnv();
  });
  after(async () => {
    await files.remove();
  });

  it('SIGTERM under load: no reset, in-flight requests finish, /readyz 503, exit 0, every acknowledged write kept', async () => {
    const server = await spawnServer({ env: { ...files.env, SHUTDOWN_GRACE_SECONDS: '10' }, entry: 'serve', startTimeoutMs: 90_000 });
    try {
      // An idle keep-alive connection, a request whose body is half sent, a /readyz head half sent.
      const idle = await rawClient(server.url);
      idle.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      const slowBody = await rawClient(server.url);
      slowBody.socket.write(
        `POST /api/checkout-sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${MERCHANT_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${SESSION.length}\r\n\r\n`,
      );
      slowBody.socket.write(SESSION.slice(0, 20));
      const readiness = await rawClient(server.url);
      readiness.socket.write('GET /readyz HTTP/1.1\r\nHost: x\r\n');

      // Load: 8 keep-alive workers, each writing sessions back to back until refused.
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let closeHeaders = 0;
      let stopped = false;
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const workers = Array.from({ length: 8 }, async () => {
        while (!stopped) {
          try {
            const answer = await createSession(server.url, agent);
            if (answer.status === 201 && answer.id) acknowledged.push(answer.id);
            else failures.push(`status ${answer.status}`);
            if (answer.connection === 'close') closeHeaders += 1;
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ECONNREFUSED') return; // the listener is closed: the expected end
            failures.push(`${code ?? ''} ${(error as Error).message}`);
            return;
          }
        }
      });
      await sleep(1500);
      const before = acknowledged.length;
      assert.ok(before > 0, 'the load is running');

      server.child.kill('SIGTERM');
      for (let i = 0; i < 500 && !/SIGTERM received/.test(server.output().stderr); i++) await sleep(10);
      await sleep(300);
      // The half-sent requests complete after the signal.
      readiness.socket.write('\r\n');
      void dribble(slowBody, SESSION.slice(20), 16, 50);

      const code = await Promise.race([server.exited, sleep(30_000).then(() => 'timeout')]);
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
      assert.equal(code, 0, `exit code; stderr:\n${server.output().stderr}`);
      assert.deepEqual(failures, [], 'no request failed other than by a refused connection');
      assert.ok(acknowledged.length > before, 'requests kept being served after SIGTERM');
      assert.ok(closeHeaders > 0, 'answers during the drain carried Connection: close');

      await Promise.all([slowBody.closed, readiness.closed, idle.closed]);
      assert.match(slowBody.received(), /^HTTP\/1\.1 201/, `the request in flight finished: ${slowBody.received()}`);
      assert.match(slowBody.received(), /\r\nConnection: close\r\n/i);
      const slowId = /"id":"([^"]+)"/.exec(slowBody.received())?.[1];
      assert.ok(slowId);
      acknowledged.push(slowId);
      assert.match(readiness.received(), /^HTTP\/1\.1 503/, `readiness while draining: ${readiness.received()}`);
      assert.match(readiness.received(), /\r\nConnection: close\r\n/i);
      assert.match(idle.received(), /^HTTP\/1\.1 200/);
      for (const [name, client] of [
        ['idle', idle],
        ['slow body', slowBody],
        ['readiness', readiness],
      ] as const) {
        assert.equal(client.reset(), false, `${name} connection was reset`);
      }

      // Every write answered 201 survived the shutdown.
      const db = new SqliteDatabase(path.join(files.dataDir, SQLITE_FILE_NAME), { readonly: true });
      try {
        const stored = new Set((db.prepare('select id from checkout_sessions').all() as Array<{ id: string }>).map((row) => row.id));
        const lost = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged sessions lost`);
      } finally {
        db.close();
      }
      const lines = server
        .output()
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string });
      assert.ok(
        lines.some((line) => line.msg === 'signer server stopped'),
        'the database was closed in order',
      );
    } finally {
      await server.kill9();
    }
  });

  it('SIGTERM to `npx ogone-checkout serve` stops the server too (no orphan), exit 0', async () => {
    const env = { ...process.env, ...files.env, PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_SECONDS: '5' };
    const npx = spawn('npx', ['--offline', 'ogone-checkout', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    npx.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    npx.stdout!.resume();
    // The pipe closes when its last writer — the server itself — is gone.
    const pipeClosed = new Promise<void>((resolve) => npx.stderr!.once('close', () => resolve()));
    try {
      let url: string | undefined;
      for (let i = 0; i < 9000 && !url; i++) {
        url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
        if (!url) await sleep(10);
      }
      assert.ok(url, `did not start: ${stderr}`);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      npx.kill('SIGTERM');
      const gone = await Promise.race([pipeClosed.then(() => true), sleep(20_000).then(() => false)]);
      assert.ok(gone, `the server outlived npx:\n${stderr}`);
      assert.match(stderr, /finishing requests in flight/);
      await assert.rejects(fetch(`${url}/healthz`), 'nothing listens any more');
    } finally {
      if (npx.exitCode === null) npx.kill('SIGKILL');
    }
  });

  it('SIGTERM to `npm start` reaches the demo server (npm waits for it and exits 0)', async () => {
    const env = { ...process.env, ...files.env, PORT: '0' };
    const npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    npm.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    npm.stderr!.resume();
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const pipeClosed = new Promise<void>((resolve) => npm.stdout!.once('close', () => resolve()));
    try {
      let url: string | undefined;
      for (let i = 0; i < 9000 && !url; i++) {
        url = /Shop\s+(http:\/\/\S+)/.exec(stdout)?.[1];
        if (!url) await sleep(10);
      }
      assert.ok(url, `did not start: ${stdout}`);
      assert.equal((await fetch(new URL('/healthz', url))).status, 200);
      npm.kill('SIGTERM');
      assert.equal(await exited, 0, stdout);
      const gone = await Promise.race([pipeClosed.then(() => true), sleep(10_000).then(() => false)]);
      assert.ok(gone, 'the demo server outlived npm');
      assert.match(stdout, /SIGTERM: stopping/, 'the signal reached the server, not only npm');
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  });
});
