/**
 * The mounted sandbox on a merchant's address (issue 13): its control API (payment lists with
 * shopper data, fault injection, resolving a payment to STATUS 9) takes a merchant API key unless
 * the server listens on loopback only; the Ogone-facing paths stay open; its hosted pages carry a
 * strict CSP that lets a merchant frame them, as Ogone does.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { isLoopbackHost } from '../../server/sandbox-access.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('sandbox control API access', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function start(host: string): Promise<{ server: RunningServer; apiKey: string }> {
    const database: TestDatabase = await createTestDatabase('sqlite');
    const server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env },
      port: 0,
      host,
      quiet: true,
      reconciler: { intervalMs: 0 },
    });
    cleanups.push(async () => {
      await server.close();
      await database.drop();
    });
    const credentials = JSON.parse(await readFile(path.join(database.dataDir, 'sandbox-credentials.json'), 'utf8')) as {
      merchantApiKey: string;
    };
    return { server, apiKey: credentials.merchantApiKey };
  }

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '', '192.168.1.10', 'pay.example.com', '10.0.0.1'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  // The guard reads the path as the routers do, percent-decoded: it used to read the encoded one,
  // and /%73andbox/payments, routed to /sandbox/payments, needed no key.
  it('listening on every address, an encoded /sandbox path still needs the merchant key', async () => {
    const { server } = await start('0.0.0.0');
    // Sanity: the plain path is refused.
    const plain = await fetch(`${server.url}/sandbox/payments`);
    assert.equal(plain.status, 401);

    for (const pathname of ['/%73andbox/payments', '/sandbo%78/payments', '/%73andbox/faults']) {
      const response = await fetch(`${server.url}${pathname}`);
      const body = await response.text();
      assert.equal(response.status, 401, `GET ${pathname} answered ${response.status} without a key: ${body.slice(0, 200)}`);
    }
    // A state change through the same bypass: inject a fault without a key.
    const injected = await fetch(`${server.url}/%73andbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fail":1}',
    });
    assert.equal(injected.status, 401, `POST /%73andbox/faults answered ${injected.status} without a key`);
  });

  it('listening on every address: the control API needs a merchant key, the platform paths do not', async () => {
    const { server, apiKey } = await start('0.0.0.0');
    for (const [method, pathname] of [
      ['GET', '/sandbox'],
      ['GET', '/sandbox/payments'],
      ['GET', '/sandbox/aliases'],
      ['POST', '/sandbox/faults'],
      ['POST', '/sandbox/payments/3000001/resolve'],
    ] as const) {
      const anonymous = await fetch(`${server.url}${pathname}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{"fail":1}' } : {}),
      });
      assert.equal(anonymous.status, 401, `${method} ${pathname}`);
      assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'unauthorized');
      const wrong = await fetch(`${server.url}${pathname}`, {
        method,
        headers: { authorization: 'Bearer sk_wrong_0123456789abcdefghijkl' },
      });
      assert.equal(wrong.status, 401, `${method} ${pathname} with a wrong key`);
    }
    const listed = await fetch(`${server.url}/sandbox/payments`, { headers: { authorization: `Bearer ${apiKey}` } });
    assert.equal(listed.status, 200);
    assert.ok(Array.isArray(((await listed.json()) as { payments: unknown[] }).payments));
    // The fault was never set by the anonymous POST.
    const faults = await fetch(`${server.url}/sandbox/faults`, { headers: { authorization: `Bearer ${apiKey}` } });
    assert.equal(faults.status, 200);
    assert.doesNotMatch(JSON.stringify(await faults.json()), /"fail":1\b/);

    // The hosted page is Ogone's side: no key; a merchant may frame it, as Ogone allows ([ADV] §8.6).
    const created = await fetch(`${server.url}/api/checkout-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1500, currency: 'EUR' }),
    });
    const session = (await created.json()) as { id: string };
    const attempt = (await (
      await fetch(`${server.url}/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { action: string; fields: Record<string, string> };
    const page = await fetch(attempt.action, {
      method: 'POST',
      body: new URLSearchParams(attempt.fields),
      headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors \*/);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    assert.equal(page.headers.get('x-frame-options'), null);

    assert.match(await page.text(), /name="TOKEN"/);
  });

  it('listening on loopback only: the control API is open to this machine', async () => {
    const { server } = await start('127.0.0.1');
    const listed = await fetch(`${server.url}/sandbox/payments`);
    assert.equal(listed.status, 200);
  });
});
