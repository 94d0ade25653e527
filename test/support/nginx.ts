/**
 * The deployment guide's nginx site (docs/deploy/nginx-site.conf) run by a real nginx, so the
 * documented file is the tested one. Only what cannot be used in a test is swapped: the ports,
 * the certificate (a self-signed one made with openssl) and the upstream lines; a swap fails
 * when the documented line it replaces is gone. nginx runs unprivileged from a directory of its
 * own with `daemon off`, and is stopped by its PID.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './listen.ts';

export const NGINX_SITE = fileURLToPath(new URL('../../docs/deploy/nginx-site.conf', import.meta.url));

function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'])
    if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

const NGINX = findNginx();
const OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** Why the nginx tests cannot run here, or false. */
export const NGINX_SKIP: string | false = !NGINX
  ? 'nginx is not installed (apt-get install nginx-light; scripts/ensure-system.sh does it)'
  : !OPENSSL
    ? 'openssl is not installed (it makes the self-signed certificate)'
    : false;

/** Replaces `from` once in the site, failing when the documented file no longer has it. */
function swap(site: string, from: string, to: string): string {
  assert.equal(site.split(from).length, 2, `docs/deploy/nginx-site.conf has \`${from}\` once`);
  return site.replace(from, to);
}

export interface RunningNginx {
  /** https://127.0.0.1:port — the site's TLS server. */
  readonly url: string;
  close(): Promise<void>;
}

/** GET over https from the test's self-signed site: the status and the body. */
export function getThroughNginx(
  url: string,
  options: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, agent: false, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts nginx on the documented site, proxying to the signers listening on `upstreamPorts`. */
export async function startNginxSite(upstreamPorts: readonly number[]): Promise<RunningNginx> {
  assert.ok(!NGINX_SKIP, NGINX_SKIP || '');
  assert.ok(upstreamPorts.length >= 1 && upstreamPorts.length <= 2, 'the site documents one upstream line and a second, commented');
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-nginx-'));
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
  const httpsPort = await freePort();
  let site = await readFile(NGINX_SITE, 'utf8');
  site = swap(site, 'server 127.0.0.1:8787;', `server 127.0.0.1:${upstreamPorts[0]};`);
  if (upstreamPorts[1] !== undefined) site = swap(site, '# server 127.0.0.1:8788;', `server 127.0.0.1:${upstreamPorts[1]};`);
  site = swap(site, 'listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`);
  site = swap(site, 'listen 80;', `listen 127.0.0.1:${await freePort()};`);
  site = swap(site, '/etc/letsencrypt/live/pay.example.com/fullchain.pem', `${dir}/cert.pem`);
  site = swap(site, '/etc/letsencrypt/live/pay.example.com/privkey.pem', `${dir}/key.pem`);
  site = site.replaceAll('/var/log/nginx/access.log', `${dir}/logs/access.log`);
  await writeFile(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`,
  );
  const nginx = spawn(NGINX!, ['-c', `${dir}/nginx.conf`, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let nginxLog = '';
  nginx.stderr!.on('data', (chunk: Buffer) => (nginxLog += chunk.toString()));
  nginx.stdout!.resume();
  const url = `https://127.0.0.1:${httpsPort}`;
  const close = async () => {
    if (nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT'); // nginx's graceful stop
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    try {
      await getThroughNginx(`${url}/healthz`);
      return { url, close };
    } catch (error) {
      if (i > 200 || nginx.exitCode !== null) {
        await close();
        throw new Error(`nginx did not start: ${nginxLog} ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
