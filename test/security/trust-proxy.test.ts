/**
 * TRUST_PROXY behind a real nginx (issue 13, point 6). nginx, started and stopped by the test,
 * runs the documented site, docs/deploy/nginx-site.conf (issue 15: the file in the deployment
 * guide is the tested one; test/support/nginx.ts swaps only its ports and certificate), proxies
 * to the signer over https and sets X-Forwarded-For from each client's address. Two shoppers behind
 * it (127.0.0.2 and 127.0.0.3) get rate-limit buckets of their own and their own address in the
 * logs; an X-Forwarded-For a shopper adds is not believed past nginx; a spoofed X-Forwarded-For
 * sent straight to the signer from an untrusted address is ignored. Skipped, saying why, only
 * when nginx or openssl is not installed (scripts/ensure-system.sh installs nginx).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { getThroughNginx, NGINX_SKIP, startNginxSite, type RunningNginx } from '../support/nginx.ts';
import { logInto, sandboxEnv } from '../ops/helpers.ts';

const LIMIT = 3;

/** GET from a given local address, optionally with our own X-Forwarded-For: nginx over https, the signer over http. */
async function get(url: string, localAddress: string, forwardedFor?: string): Promise<number> {
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  if (url.startsWith('https:')) return (await getThroughNginx(url, { localAddress, headers })).status;
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TRUST_PROXY behind a real nginx', { skip: NGINX_SKIP }, () => {
  let nginx: RunningNginx | undefined;
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
    nginx = await startNginxSite([Number(new URL(server.url).port)]);
    proxyUrl = nginx.url;
  });

  after(async () => {
    await nginx?.close();
    await server?.close();
    await files?.remove();
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
});
