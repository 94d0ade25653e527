/**
 * End to end over real HTTP: startServer in sandbox mode (the sandbox mounted as Ogone), a
 * shopper scripted with fetch through the hosted payment page, server-to-server feedback,
 * the browser's 303s, signed webhooks to a real receiver — over SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { verifyWebhookSignature } from '../../server/webhooks/verify.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';

const WEBHOOK_SECRET = 'whsec_e2e_0123456789abcdef';

interface Hook {
  id: string;
  type: string;
  data: { reference?: string; state?: string; last4?: string };
}

for (const kind of DATABASE_KINDS) {
  describe(`signer server + sandbox over HTTP on ${kind}`, () => {
    let database: TestDatabase;
    let server: RunningServer;
    let receiver: Server;
    let apiKey: string;
    const hooks: Hook[] = [];

    before(async () => {
      database = await createTestDatabase(kind);
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const check = verifyWebhookSignature({ body, header: req.headers['ogone-checkout-signature'] as string, secret: WEBHOOK_SECRET });
          if (!check.valid) return res.writeHead(400).end();
          hooks.push(JSON.parse(body) as Hook);
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      server = await startServer({
        env: {
          OGONE_ENVIRONMENT: 'sandbox',
          ...database.env,
          WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
          WEBHOOK_SECRET,
        },
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        webhooks: { pollIntervalMs: 50 },
      });
      const credentials = JSON.parse(await readFile(path.join(database.dataDir, 'sandbox-credentials.json'), 'utf8')) as {
        merchantApiKey: string;
      };
      apiKey = credentials.merchantApiKey;
    });
    after(async () => {
      await server?.close();
      await new Promise((resolve) => receiver?.close(resolve));
      await database?.drop();
    });

    const api = async (pathname: string, body?: unknown) => {
      const response = await fetch(`${server.url}${pathname}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    /** The shopper: open the hosted page with the signed form, pay with `card`. */
    async function pay(attempt: Extract<AttemptResult, { kind: 'redirect' }>, card: string, options: { save?: boolean } = {}) {
      const page = await fetch(attempt.action, { method: 'POST', body: new URLSearchParams(attempt.fields), headers: BROWSER_HEADERS });
      const html = await page.text();
      assert.equal(page.status, 200, html.slice(0, 500));
      const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(token, 'the card page carries a token');
      const form = new URLSearchParams({
        TOKEN: token,
        CARDNO: card,
        ED: '12/30',
        CN: 'Zoë Test',
        CVC: '123',
        ACTION: 'pay',
        ...(options.save ? { ALIAS_STORE: 'Y' } : {}),
      });
      const result = await fetch(`${server.url}/ncol/test/sandbox_pay.asp`, {
        method: 'POST',
        body: form,
        headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      assert.equal(result.status, 303, await result.clone().text());
      return result.headers.get('location')!;
    }

    /** The sandbox account's settings (control API): tries on the card page, status-change requests. */
    async function sandboxSettings(settings: { paymentTries?: number; statusChangeFeedback?: boolean }): Promise<void> {
      const response = await fetch(`${server.url}/sandbox/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(settings),
      });
      assert.equal(response.status, 200);
    }

    async function waitForHooks(predicate: (hooks: Hook[]) => boolean): Promise<void> {
      for (let i = 0; i < 200 && !predicate(hooks); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.ok(predicate(hooks), `webhooks received: ${hooks.map((h) => h.type).join(', ')}`);
    }

    it('a saved-card payment: feedback before the redirect, browser lands on the success URL, webhooks signed', async () => {
      const session = await api('/api/checkout-sessions', {
        amount: 4250,
        currency: 'EUR',
        customer: { id: 'cust-e2e', name: 'Zoë Test', email: 'zoe@example.com' },
        saveCard: 'optional',
        successUrl: 'https://shop.example.com/thanks',
        failureUrl: 'https://shop.example.com/cart',
        locale: 'fr-BE',
      });
      assert.equal(session.status, 201);
      const attemptResponse = await fetch(`${server.url}/checkout/sessions/${session.body.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(server.url).origin },
        body: JSON.stringify({ saveCard: true }),
      });
      assert.equal(attemptResponse.status, 201);
      const attempt = (await attemptResponse.json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      assert.equal(attempt.action, `${server.url}/ncol/test/orderstandard_utf8.asp`);

      const location = await pay(attempt, '4111111111111111', { save: true });
      assert.ok(location.startsWith(`${server.url}/payment/ogone/return?`), location);
      // The sandbox sent the server-to-server feedback first: the payment is already captured.
      const before = await api(`/api/transactions/${attempt.reference}`);
      assert.equal(before.body.state, 'captured');
      assert.equal(before.body.cardNumber, 'XXXXXXXXXXXX1111');

      const landing = await fetch(location, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(landing.status, 303);
      assert.equal(landing.headers.get('location'), `https://shop.example.com/thanks?reference=${attempt.reference}`);
      const transaction = await api(`/api/transactions/${attempt.reference}`);
      // The browser brought back exactly what the server sent: counted on the applied row
      // (docs/ogone-protocol.md §5), not a row of its own.
      const feedback = transaction.body.feedback as Array<{
        channel: string;
        outcome: string;
        copy: { channel: string; count: number } | null;
      }>;
      assert.deepEqual(
        feedback.map((f) => `${f.channel}:${f.outcome}`),
        ['server:applied'],
      );
      assert.equal(feedback[0]!.copy?.channel, 'browser');
      assert.equal(feedback[0]!.copy?.count, 1);

      const view = (await (await fetch(`${server.url}/checkout/sessions/${session.body.id}`)).json()) as {
        status: string;
        savedCards: Array<{ last4: string }>;
      };
      assert.equal(view.status, 'paid');
      assert.deepEqual(
        view.savedCards.map((card) => card.last4),
        ['1111'],
      );
      await waitForHooks((h) => h.some((x) => x.type === 'alias.created' && x.data.reference === attempt.reference));
      assert.deepEqual(
        hooks.filter((h) => h.data.reference === attempt.reference).map((h) => h.type),
        ['payment.captured', 'alias.created'],
      );
      const again = await fetch(`${server.url}/checkout/sessions/${session.body.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(again.status, 409);
    });

    it('a refused card on the last try: declined with its NCERROR, the browser goes to the failure URL', async () => {
      // One try: the refusal is final at once (with more, the shopper stays on the card page).
      await sandboxSettings({ paymentTries: 1 });
      const session = await api('/api/checkout-sessions', { amount: 999, currency: 'EUR', failureUrl: 'https://shop.example.com/cart' });
      const attempt = (await (
        await fetch(`${server.url}/checkout/sessions/${session.body.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      const location = await pay(attempt, '4000000000000200');
      const landing = await fetch(location, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(landing.headers.get('location'), `https://shop.example.com/cart?reference=${attempt.reference}`);
      const transaction = await api(`/api/transactions/${attempt.reference}`);
      assert.equal(transaction.body.state, 'declined');
      assert.equal(transaction.body.ncError, '30001001');
      await waitForHooks((h) => h.some((x) => x.type === 'payment.declined' && x.data.reference === attempt.reference));
      await sandboxSettings({ paymentTries: 10 });
    });

    it('an uncertain payment stays pending, the status page refreshes, a later status change captures it', async () => {
      // The later status change arrives by "HTTP request for status changes", off by default in the sandbox.
      await sandboxSettings({ statusChangeFeedback: true });
      const session = await api('/api/checkout-sessions', { amount: 1500, currency: 'EUR' });
      const attempt = (await (
        await fetch(`${server.url}/checkout/sessions/${session.body.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      const location = await pay(attempt, '4000000000009292');
      const landing = await fetch(location, { headers: BROWSER_HEADERS, redirect: 'manual' });
      assert.equal(landing.headers.get('location'), `${server.url}/payment/status/${attempt.reference}`);
      const page = await fetch(landing.headers.get('location')!, { headers: { 'accept-language': 'de-DE' } });
      const html = await page.text();
      assert.match(html, /Zahlung in Bearbeitung/);
      assert.match(html, /http-equiv="refresh"/);
      assert.equal((await api(`/api/transactions/${attempt.reference}`)).body.state, 'pending');

      const payments = (await (await fetch(`${server.url}/sandbox/payments?orderId=${attempt.reference}`)).json()) as {
        payments: Array<{ payId: string }>;
      };
      const payId = payments.payments[0]!.payId;
      const resolved = await fetch(`${server.url}/sandbox/payments/${payId}/resolve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 9 }),
      });
      assert.equal(resolved.status, 200);
      assert.equal((await api(`/api/transactions/${attempt.reference}`)).body.state, 'captured');
      await waitForHooks((h) => h.filter((x) => x.data.reference === attempt.reference).length >= 2);
      assert.deepEqual(
        hooks.filter((h) => h.data.reference === attempt.reference).map((h) => h.type),
        ['payment.pending', 'payment.captured'],
      );
      await sandboxSettings({ statusChangeFeedback: false });
    });

    it('answers health, readiness, request ids and secure headers on the real listener', async () => {
      const health = await fetch(`${server.url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      assert.match(health.headers.get('x-request-id') ?? '', /.{8,}/);
      assert.equal(health.headers.get('x-content-type-options'), 'nosniff');
      assert.match(health.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const ready = await fetch(`${server.url}/readyz`);
      assert.deepEqual(await ready.json(), { status: 'ready', database: kind });
      const events = await api('/api/events?limit=100');
      const data = events.body.data as Array<{ delivery: { status: string } }>;
      assert.ok(data.length >= 5);
    });

    it("sends the sandbox's paths to the sandbox, untouched by the app's middleware, and every other path to the app", async () => {
      // The app's answers carry its request id; the sandbox's never do (it answers its own paths).
      const viaListener = (pathname: string) => fetch(`${server.url}${pathname}`);
      const viaFetch = (pathname: string) => server.app.fetch(new Request(`${server.url}${pathname}`));
      for (const send of [viaListener, viaFetch]) {
        const payments = await send('/sandbox/payments');
        assert.equal(payments.status, 200);
        assert.ok(Array.isArray(((await payments.json()) as { payments: unknown }).payments));
        assert.equal(payments.headers.get('x-request-id'), null);
        // Percent-encoded as Hono's router decodes it: still the sandbox's path.
        const encoded = await send('/%73andbox/payments');
        assert.equal(encoded.status, 200);
        assert.equal(encoded.headers.get('x-request-id'), null);
        const health = await send('/healthz');
        assert.equal(health.status, 200);
        assert.match(health.headers.get('x-request-id') ?? '', /.{8,}/);
        // A path that only looks like a sandbox prefix without its slash is the app's (a 404 here).
        const lookalike = await send('/ncolumns');
        assert.equal(lookalike.status, 404);
        assert.match(lookalike.headers.get('x-request-id') ?? '', /.{8,}/);
      }
    });
  });
}
