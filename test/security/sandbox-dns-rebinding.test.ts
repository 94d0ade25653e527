/**
 * The sandbox on loopback answers any Host — a DNS-rebinding page drives its control API.
 *
 * In sandbox mode on loopback (the demo, `ogone-checkout serve` without an Ogone account) the
 * mounted sandbox's control API takes no key (server/sandbox-access.ts: "whoever can connect
 * already runs on the machine"), and its cross-site guard (control-api.ts crossSite,
 * control-page.ts postedFromHere) trusts a request whose Origin names the request's own Host.
 * Nothing checks that Host is one of this machine's names. A page at http://rebind.attacker.example:PORT
 * whose DNS name is re-pointed to 127.0.0.1 is then same-origin with the sandbox in the
 * developer's browser: its requests carry `Host: rebind.attacker.example:PORT` and the same
 * Origin, pass the guard, and read the payments (card holder names, e-mails, addresses, IPs of
 * everything paid in the sandbox) or inject faults and resolve payments. Listening on loopback
 * is only a boundary when a foreign Host is refused (as dev servers do: Vite's / webpack's
 * allowedHosts); the fix is to answer such a request 403/421 unless Host is a loopback name or
 * PUBLIC_URL's host.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** One request with the Host header a rebinding browser sends (fetch may not set Host). */
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

describe('sandbox on loopback and a rebinding host', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let foreign: string;
  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env },
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      reconciler: { intervalMs: 0 },
    });
    foreign = `rebind.attacker.example:${new URL(server.url).port}`;
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  const faults = async () => ((await (await fetch(`${server.url}/sandbox/faults`)).json()) as { faults: { fail: number } }).faults;

  it('sanity: the same request from another origin is refused', async () => {
    const answer = await request(`${server.url}/sandbox/faults`, {
      method: 'POST',
      headers: { host: new URL(server.url).host, origin: 'http://rebind.attacker.example', 'content-type': 'text/plain;charset=UTF-8' },
      body: '{"fail":1000}',
    });
    assert.equal(answer.status, 403, answer.body);
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
