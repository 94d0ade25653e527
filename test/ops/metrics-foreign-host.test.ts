/**
 * The METRICS_PORT listener serves GET /metrics without a key on loopback (README "Operations:
 * metrics": "so only the host itself can connect"). A web page whose DNS name was re-pointed to
 * 127.0.0.1 (DNS rebinding) is same-origin with it in any browser on the host and read the metrics
 * (review r1100). On loopback it now answers only under this machine's names, 421 otherwise, as
 * the sandbox's control API does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { sandboxEnv } from './helpers.ts';

function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the key-less metrics listener and foreign Host names', () => {
  let server: RunningServer;
  let files: Awaited<ReturnType<typeof sandboxEnv>>;

  before(async () => {
    files = await sandboxEnv();
    server = await startServer({ env: { ...files.env, METRICS_PORT: '0', LOG_LEVEL: 'silent' }, port: 0, host: '127.0.0.1', quiet: true });
  });

  after(async () => {
    await server?.close();
    await files?.remove();
  });

  it('answers its own loopback name (control)', async () => {
    const url = `${server.metricsUrl}/metrics`;
    const own = await get(url, new URL(url).host);
    assert.equal(own.status, 200);
    assert.match(own.body, /ogone_checkout_http_requests_total|ogone_checkout_process_/);
  });

  it('refuses a request made under another DNS name (a rebound page)', async () => {
    const url = `${server.metricsUrl}/metrics`;
    const port = new URL(url).port;
    const rebound = await get(url, `attacker.example:${port}`);
    assert.ok(
      rebound.status >= 400 && rebound.status < 500 && !/ogone_checkout_/.test(rebound.body),
      `GET /metrics with Host: attacker.example:${port} was answered ${rebound.status} with the metrics (${rebound.body.length} bytes): a DNS-rebound page reads them without a key`,
    );
  });
});
