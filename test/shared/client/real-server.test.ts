/**
 * The typed client against the real server (sandbox mode, real HTTP): the calls a merchant's
 * backend makes, pagination through the iterator, errors as OgoneCheckoutError, and a refund whose
 * answer is lost on the way back — retried by the client with the same Idempotency-Key, it reaches
 * the platform once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, OgoneCheckoutError, type MerchantApiClient } from '../../../shared/client/index.ts';
import { eventually } from '../../support/waiting.ts';
import { sandboxPayments, saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';

/** What the proxy does with one request: pass it, answer 503 itself, or pass it and lose the answer. */
type Fate = 'pass' | 'unavailable' | 'lose-answer';

describe('the client against the real server', () => {
  let flow: FlowServer;
  let proxy: Server;
  let proxyUrl: string;
  let client: MerchantApiClient;
  const fates: Fate[] = [];
  const forwarded: Array<{ method: string; url: string; idempotencyKey: string | undefined; fate: Fate }> = [];

  before(async () => {
    flow = await startFlowServer('sqlite', {
      env: { OGONE_OPERATION: 'RES' },
      unknownOutcomeGraceMs: 0,
      reconciler: { intervalMs: 100, afterMs: 0 },
    });
    // Between the client and the server: the network that fails, on request.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const fate = fates.shift() ?? 'pass';
        forwarded.push({ method: req.method!, url: req.url!, idempotencyKey: req.headers['idempotency-key'] as string | undefined, fate });
        if (fate === 'unavailable') {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
          res.end(JSON.stringify({ error: { code: 'unavailable', message: 'the load balancer has no backend' } }));
          return;
        }
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
        ) as Record<string, string>;
        void fetch(`${flow.url}${req.url}`, {
          method: req.method!,
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        }).then(async (response) => {
          const body = Buffer.from(await response.arrayBuffer());
          // The server did the work; its answer never reaches the client.
          if (fate === 'lose-answer') return void req.socket.destroy();
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(body);
        });
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    client = createClient({ baseUrl: proxyUrl, apiKey: flow.apiKey, retryDelayMs: 10, maxRetryDelayMs: 50 });
  });
  after(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await flow?.close();
  });

  it('sessions and buttons: create, read back, list every page, delete', async () => {
    const session = await client.sessions.create({ amount: 1999, currency: 'EUR', reference: 'CL-1', metadata: { cart: 'c-9' } });
    assert.match(session.id, /^cs_/);
    assert.equal(session.status, 'open');
    assert.equal(session.livemode, false);
    assert.deepEqual((await client.sessions.retrieve(session.id)).metadata, { cart: 'c-9' });

    const created = [];
    for (const name of ['A', 'B', 'C']) created.push(await client.buttons.create({ name, amount: 500, currency: 'EUR' }));
    const seen: string[] = [];
    for await (const button of client.buttons.listAll({ limit: 2 })) seen.push(button.id);
    assert.deepEqual([...seen].sort(), created.map((b) => b.id).sort(), 'three buttons over two pages');
    assert.deepEqual(await client.buttons.delete(created[0]!.id), { id: created[0]!.id, deleted: true, livemode: false });
    const gone = await client.buttons.retrieve(created[0]!.id).catch((e: unknown) => e);
    assert.ok(gone instanceof OgoneCheckoutError);
    assert.deepEqual([gone.status, gone.code, gone.field], [404, 'not_found', 'id']);
    assert.match(gone.requestId ?? '', /./, "the server's X-Request-Id");
  });

  it('a bad request names its field and is not retried', async () => {
    const before = forwarded.length;
    const error = await client.sessions
      .create({ amount: 1999, currency: 'EUR', customer: { id: 'c', email: 'not-an-address' } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OgoneCheckoutError);
    assert.deepEqual([error.status, error.code, error.field], [400, 'invalid_request', 'customer.email']);
    assert.equal(forwarded.length - before, 1);
  });

  it('a refund retried after a 503 and after a lost answer: the same key each time, one refund at the platform', async () => {
    const aliasId = await saveCard(flow, 'cust-client', '4111111111111111');
    const charge = await client.aliases.charge(aliasId, { amount: 1000, currency: 'EUR', reference: 'CL-CHARGE-1' });
    assert.equal(charge.state, 'authorized');
    const capture = await client.transactions.capture(charge.reference);
    assert.equal(capture.operation.operation, 'SAS');
    await eventually(
      () => client.transactions.retrieve(charge.reference),
      (t) => t.capturedAmount === 1000,
      'captured',
    );

    const from = forwarded.length;
    fates.push('unavailable', 'lose-answer');
    const refund = await client.transactions.refund(charge.reference, { amount: 300 });
    const attempts = forwarded.slice(from);
    assert.deepEqual(
      attempts.map((a) => a.fate),
      ['unavailable', 'lose-answer', 'pass'],
    );
    const keys = new Set(attempts.map((a) => a.idempotencyKey));
    assert.equal(keys.size, 1, 'one Idempotency-Key on every retry');
    assert.match([...keys][0] ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(refund.operation.kind, 'refund');
    assert.equal(refund.operation.amount, 300);

    const settled = await eventually(
      () => client.transactions.retrieve(charge.reference),
      (t) => t.state === 'partially_refunded',
      'refund confirmed',
    );
    assert.equal(settled.refundedAmount, 300, 'refunded once, not twice');
    assert.equal(settled.operations.filter((op) => op.kind === 'refund').length, 1);
    const [payment] = await sandboxPayments(flow, charge.reference);
    assert.equal(payment?.refunded, 300, 'the platform saw one refund of 300');
    const events = [];
    for await (const event of client.events.listAll({ reference: charge.reference, type: 'payment.refunded' })) events.push(event);
    assert.equal(events.length, 1);
  });

  it('saved cards: list, retrieve, forget; a charge of a forgotten card is refused', async () => {
    const { data } = await client.aliases.list('cust-client');
    const card = data[0]!;
    assert.equal((await client.aliases.retrieve(card.id)).customerId, 'cust-client');
    const deleted = await client.aliases.delete(card.id);
    assert.equal(deleted.deleted, true);
    const refused = await client.aliases.charge(card.id, { amount: 100, currency: 'EUR' }).catch((e: unknown) => e);
    assert.ok(refused instanceof OgoneCheckoutError);
    assert.equal(refused.status, 404);
  });
});
