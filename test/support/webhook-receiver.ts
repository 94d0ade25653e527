/**
 * A merchant's webhook endpoint for tests: verifies each delivery's signature, counts deliveries
 * per event id (the merchant's deduplication), remembers the order of first arrivals, and can go
 * down (connections refused) and come back on the same port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyWebhookSignature } from '../../server/webhooks/verify.ts';

export interface ReceivedEvent {
  id: string;
  type: string;
  created: string;
  data: { reference?: string; state?: string; [key: string]: unknown };
}

export interface WebhookReceiver {
  readonly url: string;
  /** Valid deliveries in arrival order (duplicates included). */
  readonly deliveries: ReceivedEvent[];
  /** Deliveries per event id. */
  readonly counts: Map<string, number>;
  /** Deliveries refused because the signature did not verify. */
  readonly invalid: number;
  /** Every request that reached us, valid or not, with the time it arrived. */
  readonly arrivals: Array<{ at: number; id: string | undefined }>;
  /** Event ids of one payment, in order of first arrival. */
  orderOf(reference: string): string[];
  /** Stop listening: deliveries fail with ECONNREFUSED. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const deliveries: ReceivedEvent[] = [];
  const counts = new Map<string, number>();
  const arrivals: Array<{ at: number; id: string | undefined }> = [];
  const sockets = new Set<Socket>();
  let invalid = 0;
  let port = 0;

  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhookSignature({ body, header: req.headers['ogone-checkout-signature'] as string | undefined, secret });
      let event: ReceivedEvent | undefined;
      try {
        event = JSON.parse(body) as ReceivedEvent;
      } catch {
        event = undefined;
      }
      arrivals.push({ at: Date.now(), id: event?.id });
      if (!check.valid || !event) {
        invalid++;
        res.writeHead(400).end();
        return;
      }
      deliveries.push(event);
      counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  };

  let server: Server | undefined;
  const listen = async () => {
    server = createServer(handler);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    await new Promise<void>((resolve) => {
      current.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };
  await listen();

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    deliveries,
    counts,
    get invalid() {
      return invalid;
    },
    arrivals,
    orderOf(reference) {
      const seen = new Set<string>();
      const order: string[] = [];
      for (const event of deliveries) {
        if (event.data.reference !== reference || seen.has(event.id)) continue;
        seen.add(event.id);
        order.push(event.id);
      }
      return order;
    },
    down: stop,
    up: listen,
    close: stop,
  };
}
