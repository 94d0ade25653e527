/**
 * Review r1010. A `ping` (POST /api/events/ping, the dashboard's "Send test event") is "never retried"
 * and about no payment (README, "Webhooks"), yet one sent while the endpoint was down is kept as a
 * `failed` event — and failed events are never pruned (docs/deploy.md §10) — so the dashboard's
 * `failedDeliveries` ("1 webhook delivery failed", summary-view.ts) counts it for good: after the
 * operator fixed the endpoint and a second ping got through, the live dashboard still says a
 * delivery failed, and no payment's event did. Only real events should count (type <> 'ping').
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

describe("a failed test ping and the dashboard's failed deliveries (sqlite)", () => {
  let database: TestDatabase;
  let t: TestApp;
  let endpoint: Server;
  let port = 0;

  before(async () => {
    // A port nothing listens on yet: the first ping meets a refused connection.
    endpoint = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    port = (endpoint.address() as AddressInfo).port;
    await new Promise((resolve) => endpoint.close(resolve));
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database, {
      env: { WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`, WEBHOOK_SECRET: 'whsec_0123456789abcdef0123' },
    });
  });
  after(async () => {
    endpoint.closeAllConnections?.();
    await new Promise((resolve) => endpoint.close(() => resolve(undefined)));
    await t?.close();
    await database?.drop();
  });

  it('does not report a test ping as a failed webhook delivery', async () => {
    const first = (await (await t.api('/api/events/ping', { method: 'POST' })).json()) as { delivered: boolean };
    assert.equal(first.delivered, false, 'the endpoint is down');

    // The operator fixes the endpoint and pings again: delivered.
    await new Promise<void>((resolve) => endpoint.listen(port, '127.0.0.1', resolve));
    const second = (await (await t.api('/api/events/ping', { method: 'POST' })).json()) as { delivered: boolean };
    assert.equal(second.delivered, true);

    const summary = (await (await t.api('/api/dashboard/summary')).json()) as { failedDeliveries: number };
    assert.equal(summary.failedDeliveries, 0, 'the dashboard says a webhook delivery failed: only a test ping did');
  });
});
