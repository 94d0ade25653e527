/**
 * The rate limits' buckets on a real listener behind the documented proxy (TRUST_PROXY): an IPv6
 * client's bucket is its /64 (server/http/client-address.ts rateLimitKey). A bucket per address
 * let anyone with one IPv6 line — 2^64 addresses — change address on every request and pass any
 * limit: ten requests from one /64 against a limit of 3 were all served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { rateLimitKey } from '../../server/http/client-address.ts';
import { logInto, sandboxEnv } from '../ops/helpers.ts';

function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        agent: false,
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('rate limits by network', () => {
  let server: RunningServer;
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  const logs: string[] = [];
  before(async () => {
    files = await sandboxEnv();
    server = await startServer({
      env: { ...files.env, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '3', FEEDBACK_RATE_LIMIT_PER_MINUTE: '3' },
      port: 0,
      host: '127.0.0.1',
      logger: logInto(logs),
    });
  });
  after(async () => {
    await server.close();
    await files.remove();
  });

  it('one IPv6 /64 (one household / one VPS) shares one bucket on /checkout', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const r = await send(`${server.url}/checkout/sessions/cs_nope`, {
        headers: { 'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}` },
      });
      statuses.push(r.status);
    }
    assert.ok(statuses.includes(429), `10 requests from one /64 with limit 3, none refused: ${statuses.join(',')}`);
  });

  it('another /64 has a bucket of its own; IPv4 addresses are their own', async () => {
    const other = await send(`${server.url}/checkout/sessions/cs_nope`, { headers: { 'x-forwarded-for': '2001:db8:1:3::1' } });
    assert.equal(other.status, 404);
    assert.equal(rateLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(rateLimitKey('2001:DB8:1:2::1'), rateLimitKey('2001:db8:1:2::ffff'));
    assert.equal(rateLimitKey('198.51.100.7'), '198.51.100.7');
    assert.equal(rateLimitKey('unknown'), 'unknown');
  });
});
