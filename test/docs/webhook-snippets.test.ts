/**
 * The README's webhook verifiers for PHP and Python, run as printed: the code blocks are cut out of
 * README.md by the file name on their first line, written to a folder and run by Debian's php-cli
 * and python3 — as an endpoint receiving a real signed `ping` from the server (the right secret is
 * answered 200, a wrong one 400), and as a function given a captured real delivery and its
 * tampered, stale and rotated variants.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_ENV } from '../support/accounts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { snippets, verifyWith, type VerifyCase } from './readme-snippets.ts';

const SECRET = TEST_ENV.WEBHOOK_SECRET;

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the endpoint exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

interface Endpoint {
  url: string;
  stop(): void;
}

/** The README's endpoint (`webhook.php` under `php -S`, `webhook.py`) with WEBHOOK_SECRET = `secret`. */
async function startEndpoint(language: 'php' | 'python', dir: string, secret: string): Promise<Endpoint> {
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: secret, PORT: String(port) };
  const child =
    language === 'php'
      ? spawn('php', ['-S', `127.0.0.1:${port}`, 'webhook.php'], { cwd: dir, env, stdio: 'ignore' })
      : spawn('python3', ['webhook.py'], { cwd: dir, env, stdio: 'ignore' });
  await waitForPort(port, child);
  return { url: `http://127.0.0.1:${port}/webhooks/ogone-checkout`, stop: () => child.kill() };
}

interface Delivery {
  body: string;
  header: string;
}

/** A webhook URL that keeps each delivery's raw body and signature header, and answers 200. */
async function startCapture(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), header: String(req.headers['ogone-checkout-signature']) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface PingResult {
  delivered: boolean;
  status: number | null;
}

async function ping(database: TestDatabase, url: string): Promise<PingResult> {
  const t: TestApp = await createTestApp(database, { env: { WEBHOOK_URL: url } });
  try {
    // The endpoints check the signature's timestamp against the real time.
    t.clock.set(new Date());
    const response = await t.api('/api/events/ping', { method: 'POST' });
    assert.equal(response.status, 200);
    return (await response.json()) as PingResult;
  } finally {
    await t.close();
  }
}

for (const language of ['php', 'python'] as const) {
  describe(`the README's ${language} webhook verifier`, () => {
    let dir: string;
    let database: TestDatabase;

    before(async () => {
      const files = snippets(language);
      const expected = language === 'php' ? ['ogone_checkout_verify.php', 'webhook.php'] : ['ogone_checkout_verify.py', 'webhook.py'];
      assert.deepEqual([...files.keys()].sort(), expected, `README.md prints ${expected.join(' and ')}`);
      dir = mkdtempSync(path.join(tmpdir(), `oc-${language}-webhook-`));
      for (const [name, code] of files) writeFileSync(path.join(dir, name), code);
      database = await createTestDatabase('sqlite');
    });
    after(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('its endpoint accepts a real signed delivery and refuses one signed with another secret', async () => {
      const right = await startEndpoint(language, dir, SECRET);
      const wrong = await startEndpoint(language, dir, 'another-secret-of-32-characters!');
      try {
        const accepted = await ping(database, right.url);
        assert.equal(accepted.delivered, true);
        assert.equal(accepted.status, 200);
        const refused = await ping(database, wrong.url);
        assert.equal(refused.delivered, false);
        assert.equal(refused.status, 400);
      } finally {
        right.stop();
        wrong.stop();
      }
    });

    it('its function accepts the real delivery only as sent, in time, with the right secret', async () => {
      const capture = await startCapture();
      try {
        assert.equal((await ping(database, capture.url)).delivered, true);
      } finally {
        await capture.close();
      }
      const delivery = capture.deliveries[0]!;
      const t = Number(/t=(\d+)/.exec(delivery.header)![1]);
      const v1 = /v1=([0-9a-f]{64})/.exec(delivery.header)![1]!;
      const real: VerifyCase = { body: delivery.body, header: delivery.header, secret: SECRET, now: t + 10 };
      const cases: Array<[string, VerifyCase, boolean]> = [
        ['as delivered', real, true],
        ['one byte of the body changed', { ...real, body: delivery.body.replace('"ping"', '"pong"') }, false],
        ['another secret', { ...real, secret: 'another-secret-of-32-characters!' }, false],
        ['301 s after it was signed', { ...real, now: t + 301 }, false],
        ['300 s before it was signed', { ...real, now: t - 300 }, true],
        ['during a secret rotation (an old v1 first)', { ...real, header: `t=${t},v1=${'0'.repeat(64)},v1=${v1}` }, true],
        ['its signature in capitals', { ...real, header: `t=${t},v1=${v1.toUpperCase()}` }, true],
        ['another timestamp', { ...real, header: `t=${t + 1},v1=${v1}` }, false],
        ['no signature header', { ...real, header: null }, false],
        ['a header without v1', { ...real, header: `t=${t}` }, false],
      ];
      assert.deepEqual(
        verifyWith(
          language,
          dir,
          cases.map(([, verifyCase]) => verifyCase),
        ),
        cases.map(([, , valid]) => valid),
        cases.map(([name]) => name).join(' · '),
      );
    });
  });
}
