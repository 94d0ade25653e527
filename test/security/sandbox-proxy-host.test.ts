/**
 * On loopback the mounted sandbox's control API answers only under a loopback name or
 * PUBLIC_URL's host (sandbox-access.ts isOwnHost) — compared by host name, not port: behind the
 * deployment guide's nginx site (docs/deploy/nginx-site.conf: `proxy_set_header Host $host;`,
 * and nginx's $host never carries a port) on any port but 443, e.g.
 * PUBLIC_URL=https://demo.example.com:8443, every request of the shop's own name arrives as
 * `Host: demo.example.com`. A DNS-rebinding page cannot be served under PUBLIC_URL's host name,
 * whatever the port.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

function request(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the sandbox on loopback behind the documented nginx on a port other than 443', () => {
  let database: TestDatabase;
  let server: RunningServer;
  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', PUBLIC_URL: 'https://demo.example.com:8443', TRUST_PROXY: '127.0.0.1', ...database.env },
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      reconciler: { intervalMs: 0 },
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  it("sanity: under PUBLIC_URL's host with its port, the control API answers", async () => {
    const answer = await request(`${server.url}/sandbox/payments`, { host: 'demo.example.com:8443' });
    assert.equal(answer.status, 200, answer.body.slice(0, 200));
  });

  it("answers the shop's own name as nginx's `Host $host` forwards it (no port)", async () => {
    const answer = await request(`${server.url}/sandbox/payments`, {
      host: 'demo.example.com',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.7',
    });
    assert.equal(
      answer.status,
      200,
      `the shop's own name refused behind the documented proxy: ${answer.status} ${answer.body.slice(0, 200)}`,
    );
  });
});
