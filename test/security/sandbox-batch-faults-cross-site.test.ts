/**
 * The mounted sandbox's batch fault control (`POST /sandbox/batch/faults`) obeys a page on
 * another site.
 *
 * In sandbox mode on loopback the control API takes no key (server/sandbox-access.ts); its
 * cross-site guard (server/sandbox/control-api.ts, the `app.use('/sandbox/*')` middleware) refuses
 * a non-GET request whose Origin is another host or whose Sec-Fetch-Site says cross-site — "a page
 * on any site the developer visits could otherwise inject faults … with a text/plain POST, which
 * needs no preflight". But `/sandbox/batch/faults` is a route of batch/alias-file.ts, which
 * server/sandbox/app.ts routes *before* the control API: Hono runs the batch handler first, it
 * answers, and the guard registered later never runs. It also reads the body with
 * `c.req.json()`, whatever the Content-Type. So
 * `fetch('http://127.0.0.1:PORT/sandbox/batch/faults', {method:'POST', mode:'no-cors', body:'{"fail":1000}'})`
 * from any site makes the next 1000 Batch alias-file uploads fail with 503: every card deletion
 * of the developer's server (DELALIAS by Batch) stalls and is retried for nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** What a browser sends for a no-cors fetch with a string body from https://evil.example. */
const CROSS_SITE = {
  'content-type': 'text/plain;charset=UTF-8',
  origin: 'https://evil.example',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'no-cors',
  'sec-fetch-dest': 'empty',
};

describe('mounted sandbox: batch faults from another site (loopback, no key)', () => {
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

  const batchFaults = async () =>
    ((await (await fetch(`${server.url}/sandbox/batch/faults`)).json()) as { faults: { fail: number } }).faults;

  it('sanity: /sandbox/faults from another site is refused', async () => {
    const response = await fetch(`${server.url}/sandbox/faults`, { method: 'POST', headers: CROSS_SITE, body: '{"fail":1000}' });
    assert.equal(response.status, 403);
  });

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
});
