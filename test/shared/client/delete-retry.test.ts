/**
 * The typed client retries a DELETE whose answer was lost (network error): with the same
 * Idempotency-Key, which the server honours on DELETEs too, so the retry is told the deletion was
 * done. Without a key the retry was a new request, and the deletion that happened came back to
 * the caller as an OgoneCheckoutError `not_found`.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../../shared/client/index.ts';
import { startFlowServer, type FlowServer } from '../../flows/helpers.ts';

let flow: FlowServer;
let proxy: Server;
let proxyUrl: string;
let loseNextDeleteAnswer = false;

before(async () => {
  flow = await startFlowServer('sqlite');
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const lose = req.method === 'DELETE' && loseNextDeleteAnswer;
      if (lose) loseNextDeleteAnswer = false;
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      void fetch(`${flow.url}${req.url}`, {
        method: req.method!,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        if (lose) return void req.socket.destroy(); // the server deleted it; the answer is lost
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await flow?.close();
});

it('buttons.delete whose first answer is lost still reports the deletion (no not_found from its own retry)', async () => {
  const client = createClient({ baseUrl: proxyUrl, apiKey: flow.apiKey, retryDelayMs: 1, maxRetryDelayMs: 2 });
  const button = await client.buttons.create({ name: 'Gift card', amount: 500, currency: 'EUR' });
  loseNextDeleteAnswer = true;
  const outcome = await client.buttons.delete(button.id).then(
    (value) => ({ ok: true, value }),
    (error: { code?: string; attempts?: number }) => ({ ok: false, code: error.code, attempts: error.attempts }),
  );
  assert.deepEqual(outcome, { ok: true, value: { id: button.id, deleted: true, livemode: false } });
});
