/**
 * TRUST_PROXY behind a real nginx (issue 13, point 6). nginx, started and stopped by the test,
 * runs the documented site, docs/deploy/nginx-site.conf (issue 15: the file in the deployment
 * guide is the tested one; only its ports, certificate and server name are swapped), proxies to
 * the signer over https and sets X-Forwarded-For from each client's address. Two shoppers behind
 * it (127.0.0.2 and 127.0.0.3) get rate-limit buckets of their own and their own address in the
 * logs; an X-Forwarded-For a shopper adds is not believed past nginx; a spoofed X-Forwarded-For
 * sent straight to the signer from an untrusted address is ignored. Skipped, saying why, only
 * when nginx or openssl is not installed (scripts/ensure-system.sh installs nginx).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { freePort } from '../support/listen.ts';
import { logInto, sandboxEnv } from '../ops/helpers.ts';

function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'])
    if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

const NGINX = findNginx();
const OPENSSL = spawnSync('openssl', ['version']).status === 0;
const LIMIT = 3;
const SITE = fileURLToPath(new URL('../../docs/deploy/nginx-site.conf', import.meta.url));

/** Replaces `from` once in the site, failing when the documented file no longer has it. */
function swap(site: string, from: string, to: string): string {
  assert.equal(site.split(from).length, 2, `docs/deploy/nginx-site.conf has \`${from}\` once`);
  return site.replace(from, to);
}

/**
 * The documented site with this test's ports, a self-signed certificate and no second upstream
 * line, wrapped in the few main-context lines nginx needs to run unprivileged from `dir`.
 */
async function nginxConfig(dir: string, ports: { https: number; http: number; upstream: number }): Promise<string> {
  let site = await readFile(SITE, 'utf8');
  site = swap(site, 'server 127.0.0.1:8787;', `server 127.0.0.1:${ports.upstream};`);
  site = swap(site, 'listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`);
  site = swap(site, 'listen 80;', `listen 127.0.0.1:${ports.http};`);
  site = swap(site, '/etc/letsencrypt/live/pay.example.com/fullchain.pem', `${dir}/cert.pem`);
  site = swap(site, '/etc/letsencrypt/live/pay.example.com/privkey.pem', `${dir}/key.pem`);
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`;
}

/** GET from a given local address, optionally with our own X-Forwarded-For. */
function get(url: string, localAddress: string, forwardedFor?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const options = { localAddress, agent: false, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} };
    // The signer itself speaks http; nginx, https with the test's self-signed certificate.
    const send = url.startsWith('https:') ? request : httpRequest;
    const req = send(url, { ...options, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(
  'TRUST_PROXY behind a real nginx',
  {
    skip: !NGINX
      ? 'nginx is not installed (apt-get install nginx-light; scripts/ensure-system.sh does it)'
      : !OPENSSL
        ? 'openssl is not installed (it makes the self-signed certificate)'
        : false,
  },
  () => {
    let dir: string;
    let nginx: ChildProcess | undefined;
    let nginxLog = '';
    let server: RunningServer;
    let files: Awaited<ReturnType<typeof sandboxEnv>>;
    let proxyUrl: string;
    const logs: string[] = [];

    before(async () => {
      files = await sandboxEnv();
      // nginx reaches the signer from 127.0.0.1: that address, and only it, is a trusted proxy.
      server = await startServer({
        env: { ...files.env, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: String(LIMIT) },
        port: 0,
        host: '127.0.0.1',
        logger: logInto(logs),
      });
      const upstreamPort = new URL(server.url).port;
      const proxyPort = await freePort();
      dir = await mkdtemp(path.join(tmpdir(), 'oc-nginx-'));
      await mkdir(path.join(dir, 'logs'));
      const certificate = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=pay.example.com'].concat([
          '-keyout',
          `${dir}/key.pem`,
          '-out',
          `${dir}/cert.pem`,
        ]),
        { encoding: 'utf8' },
      );
      assert.equal(certificate.status, 0, certificate.stderr);
      await writeFile(
        path.join(dir, 'nginx.conf'),
        await nginxConfig(dir, { https: proxyPort, http: await freePort(), upstream: Number(upstreamPort) }),
      );
      nginx = spawn(NGINX!, ['-c', `${dir}/nginx.conf`, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
      nginx.stderr!.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
      proxyUrl = `https://127.0.0.1:${proxyPort}`;
      for (let i = 0; ; i++) {
        try {
          await get(`${proxyUrl}/healthz`, '127.0.0.1');
          break;
        } catch (error) {
          if (i > 200 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxLog} ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    });

    after(async () => {
      if (nginx && nginx.exitCode === null) {
        const exited = new Promise((resolve) => nginx!.once('exit', resolve));
        nginx.kill('SIGQUIT'); // nginx's graceful stop
        await exited;
      }
      await server?.close();
      await files?.remove();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const requestLines = () =>
      logs
        .map((line) => JSON.parse(line) as { msg: string; client?: string; path?: string; status?: number })
        .filter((line) => line.msg === 'request' && line.path?.startsWith('/checkout/'));

    it('two shoppers behind nginx get separate rate-limit buckets and their own address in the logs', async () => {
      const from = requestLines().length;
      const path = '/checkout/sessions/cs_missing';
      // Shopper A uses its whole allowance…
      for (let i = 0; i < LIMIT; i++) assert.equal(await get(`${proxyUrl}${path}`, '127.0.0.2'), 404, `shopper A, request ${i + 1}`);
      assert.equal(await get(`${proxyUrl}${path}`, '127.0.0.2'), 429, 'shopper A is over its limit');
      // …which is not shopper B's.
      assert.equal(await get(`${proxyUrl}${path}`, '127.0.0.3'), 404, 'shopper B has a bucket of its own');
      const clients = requestLines()
        .slice(from)
        .map((line) => line.client);
      assert.deepEqual(clients, ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3']);
    });

    it('an X-Forwarded-For a shopper adds before nginx is not believed', async () => {
      // nginx forwards "6.6.6.6, 127.0.0.2": nginx itself is the only trusted hop, so the client is 127.0.0.2.
      const from = requestLines().length;
      assert.equal(
        await get(`${proxyUrl}/checkout/sessions/cs_missing`, '127.0.0.2', '6.6.6.6'),
        429,
        'still shopper A, still over its limit',
      );
      assert.equal(requestLines().slice(from)[0]?.client, '127.0.0.2');
    });

    it('a spoofed X-Forwarded-For sent straight to the signer from an untrusted address gets nothing', async () => {
      const from = requestLines().length;
      const direct = `${server.url}/checkout/sessions/cs_missing`;
      for (let i = 0; i < LIMIT; i++) assert.equal(await get(direct, '127.0.0.4', `198.51.100.${i + 1}`), 404);
      // Were the header believed, each request would have had a fresh bucket.
      assert.equal(await get(direct, '127.0.0.4', '198.51.100.99'), 429);
      // Nor can it borrow a shopper's address to use up that shopper's allowance.
      assert.equal(await get(direct, '127.0.0.4', '127.0.0.3'), 429);
      assert.equal(await get(`${proxyUrl}/checkout/sessions/cs_missing`, '127.0.0.3'), 404, 'shopper B untouched');
      const clients = requestLines()
        .slice(from, from + LIMIT + 2)
        .map((line) => line.client);
      assert.deepEqual(clients, Array(LIMIT + 2).fill('127.0.0.4'));
    });
  },
);
