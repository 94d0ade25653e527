/**
 * The rate limits' buckets on a real listener behind the documented proxy (TRUST_PROXY): an IPv6
 * client's bucket is its /64 (server/http/client-address.ts rateLimitKey). A bucket per address
 * let anyone with one IPv6 line — 2^64 addresses — change address on every request and pass any
 * limit: ten requests from one /64 against a limit of 3 were all served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { rateLimitKey } from '../../server/http/client-address.ts';
import { logInto, sandboxEnv } from '../ops/helpers.ts';

/** The status of a GET through the proxy, which says the client's address in X-Forwarded-For. */
async function statusFrom(url: string, address: string): Promise<number> {
  const response = await fetch(url, { headers: { 'x-forwarded-for': address } });
  await response.arrayBuffer();
  return response.status;
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
      statuses.push(await statusFrom(`${server.url}/checkout/sessions/cs_nope`, `2001:db8:1:2::${i.toString(16)}`));
    }
    assert.ok(statuses.includes(429), `10 requests from one /64 with limit 3, none refused: ${statuses.join(',')}`);
  });

  it('another /64 has a bucket of its own; IPv4 addresses are their own', async () => {
    assert.equal(await statusFrom(`${server.url}/checkout/sessions/cs_nope`, '2001:db8:1:3::1'), 404);
    assert.equal(rateLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(rateLimitKey('2001:DB8:1:2::1'), rateLimitKey('2001:db8:1:2::ffff'));
    assert.equal(rateLimitKey('198.51.100.7'), '198.51.100.7');
    assert.equal(rateLimitKey('unknown'), 'unknown');
  });
});
