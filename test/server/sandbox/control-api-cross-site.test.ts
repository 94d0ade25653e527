/**
 * The mounted sandbox's JSON control API and cross-site requests.
 *
 * In sandbox mode on loopback (the demo, `ogone-checkout serve` without an Ogone account), the
 * sandbox is mounted on the signer's own origin and its control API takes no key
 * (server/sandbox-access.ts). The control *page* refuses a form posted from another origin
 * (server/sandbox/control-page.ts postedFromHere), but the JSON API under /sandbox/… offering the
 * same actions — inject faults, reset, resolve a pending payment, resend a feedback — read its
 * body whatever the Content-Type: a page on any site the developer visits could send
 * `fetch('http://127.0.0.1:PORT/sandbox/faults', {method:'POST', mode:'no-cors', body:'{"fail":1000}'})`,
 * a CORS-simple request (no preflight), and it was obeyed — the Batch faults too, whose routes
 * came before the guard (review r620). Scripts and curl, which send neither Origin nor
 * Sec-Fetch-Site, still drive it.
 *
 * Nor may a page whose DNS name was re-pointed to 127.0.0.1 (DNS rebinding): same-origin with the
 * sandbox in the developer's browser, its requests passed the Origin checks. On loopback the
 * control API answers only under this machine's names or PUBLIC_URL's host name (421 otherwise) —
 * by name, not port: behind the deployment guide's nginx (`proxy_set_header Host $host`, no port)
 * on port 8443 the shop's own name arrives without one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

/** What a browser sends for a no-cors fetch with a string body from https://evil.example. */
const CROSS_SITE = {
  'content-type': 'text/plain;charset=UTF-8',
  origin: 'https://evil.example',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'no-cors',
  'sec-fetch-dest': 'empty',
};

/** One request with the Host header a rebinding browser or a proxy sends (fetch may not set Host). */
function request(url: string, options: { method: string; headers: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('mounted sandbox control API and cross-site requests (loopback, no key)', () => {
  let database: TestDatabase;
  let server: RunningServer;
  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env },
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

  const faults = async () => ((await (await fetch(`${server.url}/sandbox/faults`)).json()) as { faults: { fail: number } }).faults;

  it('the control page refuses the same action from another origin', async () => {
    const response = await fetch(`${server.url}/sandbox/control/faults`, {
      method: 'POST',
      headers: { ...CROSS_SITE, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'fail=1000',
      redirect: 'manual',
    });
    assert.equal(response.status, 403);
    assert.equal((await faults()).fail, 0);
  });

  it('POST /sandbox/faults from another site (text/plain, no preflight) is refused and changes nothing', async () => {
    const response = await fetch(`${server.url}/sandbox/faults`, { method: 'POST', headers: CROSS_SITE, body: '{"fail":1000}' });
    assert.equal(response.status, 403, await response.clone().text());
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_site_request');
    assert.equal((await faults()).fail, 0);
  });

  it('POST /sandbox/reset from another site is refused; without an Origin (a script) it is not', async () => {
    const crossSite = await fetch(`${server.url}/sandbox/reset`, { method: 'POST', headers: CROSS_SITE });
    assert.equal(crossSite.status, 403, await crossSite.text());
    const sameSiteOnly = await fetch(`${server.url}/sandbox/reset`, { method: 'POST', headers: { 'sec-fetch-site': 'same-site' } });
    assert.equal(sameSiteOnly.status, 403, await sameSiteOnly.text());
    const script = await fetch(`${server.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fail":1}',
    });
    assert.equal(script.status, 200, await script.text());
    assert.equal((await faults()).fail, 1);
    const ours = await fetch(`${server.url}/sandbox/reset`, { method: 'POST', headers: { origin: server.url } });
    assert.equal(ours.status, 200, await ours.text());
    assert.equal((await faults()).fail, 0);
  });

  const batchFaults = async () =>
    ((await (await fetch(`${server.url}/sandbox/batch/faults`)).json()) as { faults: { fail: number } }).faults;

  it('POST /sandbox/batch/faults from another site (text/plain, no preflight) is refused and changes nothing', async () => {
    const response = await fetch(`${server.url}/sandbox/batch/faults`, { method: 'POST', headers: CROSS_SITE, body: '{"fail":1000}' });
    const body = await response.text();
    assert.equal((await batchFaults()).fail, 0, `a cross-site page set the Batch upload faults (answered ${response.status} ${body})`);
    assert.equal(response.status, 403, body);
  });

  it('a script (no Origin, no Sec-Fetch-Site) still sets them', async () => {
    const response = await fetch(`${server.url}/sandbox/batch/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fail":1}',
    });
    assert.equal(response.status, 200, await response.text());
    assert.equal((await batchFaults()).fail, 1);
    await fetch(`${server.url}/sandbox/batch/faults`, { method: 'DELETE' });
  });

  describe('a page whose name was rebound to 127.0.0.1', () => {
    let foreign = '';
    before(() => {
      foreign = `rebind.attacker.example:${new URL(server.url).port}`;
    });

    it('a fault posted by a page whose name was rebound to 127.0.0.1 is refused and changes nothing', async () => {
      const answer = await request(`${server.url}/sandbox/faults`, {
        method: 'POST',
        headers: {
          host: foreign,
          origin: `http://${foreign}`,
          'sec-fetch-site': 'same-origin',
          'content-type': 'text/plain;charset=UTF-8',
        },
        body: '{"fail":1000}',
      });
      assert.equal((await faults()).fail, 0, `a rebinding page set the sandbox's faults (answered ${answer.status} ${answer.body})`);
      assert.ok(answer.status === 403 || answer.status === 421, `answered ${answer.status}: ${answer.body}`);
    });

    it("the sandbox's payment list is not read under a foreign Host", async () => {
      const answer = await request(`${server.url}/sandbox/payments`, {
        method: 'GET',
        headers: { host: foreign, 'sec-fetch-site': 'same-origin' },
      });
      assert.ok(answer.status === 403 || answer.status === 421, `answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    });
  });
});

describe('mounted sandbox behind the documented nginx on a port other than 443', () => {
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
    const answer = await request(`${server.url}/sandbox/payments`, { method: 'GET', headers: { host: 'demo.example.com:8443' } });
    assert.equal(answer.status, 200, answer.body.slice(0, 200));
  });

  it("answers the shop's own name as nginx's `Host $host` forwards it (no port)", async () => {
    const answer = await request(`${server.url}/sandbox/payments`, {
      method: 'GET',
      headers: { host: 'demo.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
    });
    assert.equal(
      answer.status,
      200,
      `the shop's own name refused behind the documented proxy: ${answer.status} ${answer.body.slice(0, 200)}`,
    );
  });
});
