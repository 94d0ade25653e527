/**
 * A merchant's webhook endpoint for the dispatcher tests, over real HTTP: it records each POST,
 * answers 204 at once, or holds the answer until the test gives it (a slow endpoint), and counts
 * the deliveries open at once, in all and per event.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: { reference: string } & Record<string, unknown>;
}

export interface TestReceiver {
  url: string;
  /** Every POST's body, in arrival order. */
  readonly posts: ReceivedEvent[];
  /** The answers held back, in arrival order: `held[i].writeHead(204).end()` gives one. */
  readonly held: ServerResponse[];
  /** The most deliveries open at once, in all and of one event. */
  mostOpen(): number;
  mostOpenOfOneEvent(): number;
  close(): Promise<void>;
}

/** `hold(event)`: whether that event's answer waits for the test (default: every answer does). */
export async function startReceiver(hold: (event: ReceivedEvent) => boolean = () => true): Promise<TestReceiver> {
  const posts: ReceivedEvent[] = [];
  const held: ServerResponse[] = [];
  const openById = new Map<string, number>();
  let open = 0;
  let mostOpen = 0;
  let mostOpenOfOne = 0;
  const server = createServer((req, res) => {
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    res.on('close', () => (open -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedEvent;
      posts.push(event);
      const now = (openById.get(event.id) ?? 0) + 1;
      openById.set(event.id, now);
      mostOpenOfOne = Math.max(mostOpenOfOne, now);
      res.on('close', () => openById.set(event.id, (openById.get(event.id) ?? 1) - 1));
      if (hold(event)) held.push(res);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    posts,
    held,
    mostOpen: () => mostOpen,
    mostOpenOfOneEvent: () => mostOpenOfOne,
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
