/**
 * The shipped nginx site (docs/deploy/nginx-site.conf) under Debian's own nginx.conf, which
 * writes every request line to /var/log/nginx/access.log (`access_log` at the http level; the
 * site sets none, so it inherits it).
 *
 * The signer never logs a query string, on purpose (server/http/request-log.ts: "path (never the
 * query string: feedback carries card data and signatures)"), and README "What is kept how long"
 * removes the card holder's name (CN) and the feedback log's personal data after RETENTION_DAYS.
 * Ogone's browser redirect is a GET to /payment/ogone/return whose query string holds the card
 * holder's name, the masked card and expiry, the shopper's IP, the saved card's ALIAS and the
 * SHASIGN; FlexCheckout's return (/payment/flex/return) the same for a saved card. Review r1200
 * found every one of them in nginx's access log in clear, outside any retention the README
 * describes — the very thing the signer's own log avoids. The site now logs the path only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NGINX_SITE, NGINX_SKIP } from '../support/nginx.ts';
import { freePort } from '../support/listen.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { serverEnv } from '../support/accounts.ts';
import { feedbackParams } from '../support/feedback.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((candidate) => spawnSync(candidate, ['-v']).status === 0);

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(
  'the shipped nginx site and the feedback query string',
  { skip: NGINX_SKIP || !NGINX ? 'nginx missing' : false, timeout: 60_000 },
  () => {
    let dir: string;
    let nginx: ChildProcess;
    let server: ServerProcess;
    let url: string;
    let dataDir: string;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'r1200-nginx-data-'));
      server = await spawnServer({
        env: serverEnv('http://127.0.0.1:9', { DATA_DIR: dataDir, TRUST_PROXY: '127.0.0.1', RECONCILE_INTERVAL_SECONDS: '0' }),
      });
      dir = await mkdtemp(path.join(tmpdir(), 'r1200-nginx-'));
      await mkdir(path.join(dir, 'logs'));
      const cert = spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=pay.example.com',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
      ]);
      assert.equal(cert.status, 0);
      const httpsPort = await freePort();
      // The site as shipped; only ports and certificate paths swapped, as test/support/nginx.ts does.
      let site = await readFile(NGINX_SITE, 'utf8');
      site = site
        .replace('server 127.0.0.1:8787;', `server 127.0.0.1:${new URL(server.url).port};`)
        .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
        .replace('listen 80;', `listen 127.0.0.1:${await freePort()};`)
        .replace('/etc/letsencrypt/live/pay.example.com/fullchain.pem', `${dir}/cert.pem`)
        .replace('/etc/letsencrypt/live/pay.example.com/privkey.pem', `${dir}/key.pem`)
        .replaceAll('/var/log/nginx/access.log', `${dir}/logs/access.log`);
      // Debian's /etc/nginx/nginx.conf: `access_log /var/log/nginx/access.log;` in the http block.
      await writeFile(
        path.join(dir, 'nginx.conf'),
        `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`,
      );
      nginx = spawn(NGINX!, ['-c', `${dir}/nginx.conf`, '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
      url = `https://127.0.0.1:${httpsPort}`;
      for (let i = 0; ; i++) {
        try {
          await get(`${url}/healthz`);
          break;
        } catch (error) {
          if (i > 200) throw error;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    });

    after(async () => {
      if (nginx && nginx.exitCode === null) {
        const exited = new Promise((resolve) => nginx.once('exit', resolve));
        nginx.kill('SIGQUIT');
        await exited;
      }
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it("the browser's feedback redirect leaves no card holder name, alias or signature in nginx's access log", async () => {
      const params = feedbackParams({
        reference: 'OC20261206120000-R1200XYZ',
        amount: 1999,
        currency: 'EUR',
        status: 9,
        alias: 'OC-R1200ALIASTOKEN42',
      });
      await get(`${url}/payment/ogone/return?${new URLSearchParams(params)}`);
      await get(
        `${url}/payment/flex/return?${new URLSearchParams({ 'Alias.AliasId': 'OC-R1200FLEXALIAS77', 'Card.CardHolderName': 'Zoe Flexholder', 'Alias.OrderId': 'X1', SHASign: 'ABCDEF0123' })}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const log = await readFile(path.join(dir, 'logs', 'access.log'), 'utf8');
      assert.ok(log.includes('/payment/ogone/return'), 'the request was logged at all');
      const found = [
        ['the card holder name (CN)', 'Zo%C3%AB+Scale'],
        ['the card holder name (CN)', 'Zoë'],
        ['the saved card alias (ALIAS)', 'OC-R1200ALIASTOKEN42'],
        ['the SHASIGN', params.SHASIGN!],
        ['the FlexCheckout alias', 'OC-R1200FLEXALIAS77'],
        ['the FlexCheckout card holder name', 'Flexholder'],
      ].filter(([, value]) => log.includes(value!));
      assert.deepEqual(
        found.map(([what]) => what),
        [],
        `nginx's access log holds: ${log
          .split('\n')
          .filter((l) => l.includes('return?'))
          .map((l) => l.slice(0, 300))
          .join('\n')}`,
      );
    });
  },
);
