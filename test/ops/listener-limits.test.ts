/**
 * Timeouts and caps of the HTTP listener (issue 13), with bounded slow clients on raw sockets:
 * a request head sent slowly and a body sent slowly are cut at their timeouts (the slow body is
 * logged as the client's doing, never as a database outage), an idle keep-alive connection is
 * closed, and one address holding more connections than MAX_CONNECTIONS_PER_ADDRESS gets the
 * rest closed on arrival while everyone else — /healthz included — is still served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseServerConfig } from '../../server/config/env.ts';
import { parseHttpSettings } from '../../server/config/http-settings.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT } from '../support/accounts.ts';
import { dribble, logInto, rawClient, sandboxEnv } from './helpers.ts';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const KEEP_ALIVE_MS = 1000;
/** Node checks the timeouts every 250 ms here; a loaded machine adds its own delay. */
const SLACK_MS = 2500;

const messages = (lines: string[]) => lines.map((line) => JSON.parse(line) as { level: number; msg: string; client?: string });

describe('listener timeouts', () => {
  let server: RunningServer;
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  const logs: string[] = [];
  before(async () => {
    files = await sandboxEnv();
    server = await startServer({
      env: files.env,
      port: 0,
      host: '127.0.0.1',
      logger: logInto(logs),
      http: {
        headersTimeoutMs: HEADERS_TIMEOUT_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: KEEP_ALIVE_MS,
        shutdownGraceMs: 1000,
      },
    });
  });
  after(async () => {
    await server.close();
    await files.remove();
  });

  it('a request head sent one header a time is cut at HEADERS_TIMEOUT_SECONDS', async () => {
    const client = await rawClient(server.url);
    void dribble(client, 'GET /healthz HTTP/1.1\r\nHost: x\r\n' + 'X-Slow: a\r\n'.repeat(200), 12, 200);
    const closedAfter = await client.closed;
    assert.ok(closedAfter >= HEADERS_TIMEOUT_MS - 100, `closed too early (${closedAfter} ms)`);
    assert.ok(closedAfter < HEADERS_TIMEOUT_MS + SLACK_MS, `still open ${closedAfter} ms later`);
    assert.match(client.received(), /^HTTP\/1\.1 408/, 'Node answers 408 Request Timeout');
  });

  it('a body sent slowly is cut at REQUEST_TIMEOUT_SECONDS and logged as the client closing, not as the database', async () => {
    const body = JSON.stringify({
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    const client = await rawClient(server.url);
    const before = logs.length;
    client.socket.write(
      `POST /api/checkout-sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${MERCHANT_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // 4 bytes every 200 ms: the whole body would take 10 s or more.
    void dribble(client, body, 4, 200);
    const closedAfter = await client.closed;
    assert.ok(closedAfter < REQUEST_TIMEOUT_MS + SLACK_MS, `a slow body kept its connection ${closedAfter} ms`);
    assert.ok(closedAfter >= REQUEST_TIMEOUT_MS - 100, `closed too early (${closedAfter} ms)`);
    // The handler that was reading the body learns it went away.
    for (let i = 0; i < 100 && !messages(logs.slice(before)).some((line) => line.msg === 'client closed the request'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lines = messages(logs.slice(before));
    const closed = lines.find((line) => line.msg === 'client closed the request');
    assert.ok(closed, `no 'client closed the request' line in:\n${logs.slice(before).join('\n')}`);
    assert.equal(closed.level, 40, 'logged at warn');
    assert.equal(closed.client, '127.0.0.1');
    assert.ok(!lines.some((line) => /database unavailable/.test(line.msg)), 'no database alert');
    assert.ok(!lines.some((line) => line.level >= 50), 'nothing at error level');
  });

  it('an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_SECONDS, and says so', async () => {
    const client = await rawClient(server.url);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const closedAfter = await client.closed;
    assert.match(client.received(), /^HTTP\/1\.1 200/);
    assert.match(client.received(), /Keep-Alive: timeout=1/i);
    assert.ok(closedAfter >= KEEP_ALIVE_MS - 100 && closedAfter < KEEP_ALIVE_MS + SLACK_MS, `closed after ${closedAfter} ms`);
  });
});

describe('per-address connection cap', () => {
  const CAP = 4;
  let server: RunningServer;
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  const logs: string[] = [];
  before(async () => {
    files = await sandboxEnv();
    // Long timeouts: only the cap may close anything here.
    server = await startServer({
      env: { ...files.env, MAX_CONNECTIONS_PER_ADDRESS: String(CAP), HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '60' },
      port: 0,
      host: '127.0.0.1',
      logger: logInto(logs),
    });
  });
  after(async () => {
    await server.close();
    await files.remove();
  });

  it('slow clients from one address are capped; another address and /healthz are still served', async () => {
    const slow = [];
    for (let i = 0; i < 12; i++) {
      const client = await rawClient(server.url, '127.0.0.2');
      client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // a head that never ends
      slow.push(client);
    }
    const settled = await Promise.all(
      slow.map((client) =>
        Promise.race([client.closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('open'), 1500))]),
      ),
    );
    assert.equal(settled.filter((state) => state === 'open').length, CAP, `connections left open: ${settled.join(',')}`);
    assert.equal(settled.slice(0, CAP).join(','), Array(CAP).fill('open').join(','), 'the first ones are kept');

    // Everyone else is served while 127.0.0.2 holds its connections.
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const other = await rawClient(server.url, '127.0.0.3');
    other.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await other.closed;
    assert.match(other.received(), /^HTTP\/1\.1 200/);

    const warnings = logs
      .map((line) => JSON.parse(line) as { msg: string; client?: string })
      .filter((line) => /connection cap reached/.test(line.msg));
    assert.equal(warnings.length, 1, 'one warning per episode, not one per refused connection');
    assert.equal(warnings[0]!.client, '127.0.0.2');

    // Once its connections close, the address is served again.
    for (const client of slow) client.socket.destroy();
    await Promise.all(slow.map((client) => client.closed));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await rawClient(server.url, '127.0.0.2');
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await again.closed;
    assert.match(again.received(), /^HTTP\/1\.1 200/);
  });
});

describe('listener settings', () => {
  const base = { ...SCALE_ACCOUNT, OGONE_ENVIRONMENT: 'sandbox', MERCHANT_API_KEYS: MERCHANT_API_KEY };
  it('defaults: 20 s head, 30 s request, 5 s keep-alive, 100 connections an address, 10 s grace, no trusted proxy', () => {
    const settings = parseHttpSettings({});
    assert.deepEqual(
      { ...settings, trustProxy: settings.trustProxy.description },
      {
        headersTimeoutMs: 20_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        maxConnectionsPerAddress: 100,
        shutdownGraceMs: 10_000,
        trustProxy: 'none',
      },
    );
  });

  for (const [variable, value] of [
    ['HEADERS_TIMEOUT_SECONDS', '0'],
    ['HEADERS_TIMEOUT_SECONDS', '45'], // longer than the request's 30 s
    ['REQUEST_TIMEOUT_SECONDS', '2.5'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', 'five'],
    ['MAX_CONNECTIONS_PER_ADDRESS', '0'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['TRUST_PROXY', 'proxy.example.com'],
  ] as const) {
    it(`refuses ${variable}=${value} naming it`, () => {
      assert.throws(
        () => parseServerConfig({ ...base, [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`${variable}: `),
      );
    });
  }

  it('TRUST_PROXY accepts a hop count and addresses / CIDRs', () => {
    assert.equal(parseHttpSettings({ TRUST_PROXY: '1' }).trustProxy.description, '1 hop');
    const list = parseHttpSettings({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy;
    assert.equal(list.trust('10.1.2.3', 0), true);
    assert.equal(list.trust('127.0.0.1', 0), true);
    assert.equal(list.trust('203.0.113.9', 0), false);
  });
});
