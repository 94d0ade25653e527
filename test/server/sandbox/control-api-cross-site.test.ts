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
 * a CORS-simple request (no preflight), and it was obeyed. Scripts and curl, which send neither
 * Origin nor Sec-Fetch-Site, still drive it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
});
