/**
 * A client that aborts its request body half-way (issue 13, point 7) is logged at warn as "client
 * closed the request" — never as "database unavailable", never answered 503 — so nobody can raise
 * false database alerts. Both ways a body is read: straight from the socket (the feedback route,
 * the widget's JSON) and through Hono's Request (the merchant API's Idempotency-Key check).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { FEEDBACK_PATH } from '../../server/payments/hosted-page.ts';
import { MERCHANT_API_KEY } from '../support/accounts.ts';
import { logInto, rawClient, sandboxEnv } from '../ops/helpers.ts';

interface Line {
  level: number;
  msg: string;
  status?: number;
  path?: string;
}

describe('a client aborting its request body', () => {
  let server: RunningServer;
  let files: Awaited<ReturnType<typeof sandboxEnv>>;
  const logs: string[] = [];
  before(async () => {
    files = await sandboxEnv();
    server = await startServer({ env: files.env, port: 0, host: '127.0.0.1', logger: logInto(logs) });
  });
  after(async () => {
    await server.close();
    await files.remove();
  });

  const cases: Array<{ name: string; head: (length: number) => string; body: string }> = [
    {
      name: 'Ogone feedback (form body read from the socket)',
      body: 'orderID=OC-1&STATUS=9&PAYID=123&NCERROR=0&SHASIGN=' + 'A'.repeat(128),
      head: (length) =>
        `POST ${FEEDBACK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\n`,
    },
    {
      name: 'merchant API with an Idempotency-Key (body read through the Request)',
      body: JSON.stringify({
        amount: 1999,
        currency: 'EUR',
        successUrl: 'https://shop.example.com/thanks',
        failureUrl: 'https://shop.example.com/cart',
      }),
      head: (length) =>
        `POST /api/checkout-sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${MERCHANT_API_KEY}\r\nIdempotency-Key: abort-${Date.now()}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
    },
    {
      name: 'widget attempt (JSON read from the socket)',
      body: JSON.stringify({ locale: 'en_US' }) + ' '.repeat(200),
      head: (length) =>
        `POST /checkout/sessions/cs_nothing_here/attempts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
    },
  ];

  for (const { name, head, body } of cases) {
    it(`${name}: warn "client closed the request", no database alert, no 503`, async () => {
      const from = logs.length;
      const client = await rawClient(server.url);
      client.socket.write(head(body.length) + body.slice(0, Math.floor(body.length / 2)));
      // Let the server start reading the body, then go away without the rest.
      await new Promise((resolve) => setTimeout(resolve, 300));
      client.socket.destroy();
      let lines: Line[] = [];
      for (let i = 0; i < 150; i++) {
        lines = logs.slice(from).map((line) => JSON.parse(line) as Line);
        if (lines.some((line) => line.msg === 'request')) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const closed = lines.filter((line) => line.msg === 'client closed the request');
      assert.equal(closed.length, 1, `expected one 'client closed the request' line:\n${logs.slice(from).join('\n')}`);
      assert.equal(closed[0]!.level, 40, 'at warn');
      assert.ok(!lines.some((line) => /database/i.test(line.msg)), 'no database alert');
      assert.ok(!lines.some((line) => line.level >= 50), 'nothing at error level');
      const request = lines.find((line) => line.msg === 'request');
      assert.ok(request, 'the request line is written');
      assert.notEqual(request.status, 503);
      assert.ok(request.status! < 500, `status ${request.status}`);
      // And the server still answers normally.
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    });
  }
});
