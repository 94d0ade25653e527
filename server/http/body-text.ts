/**
 * The request body as text, read straight from Node's IncomingMessage when the server runs on
 * @hono/node-server: `c.req.text()` first turns the request into a full WHATWG Request (a web
 * stream over the socket, an AbortController, transferable wrappers) — a good part of the cost of
 * a small POST. Anywhere else (`app.request()` in tests, another runtime), or once something
 * else has started reading the body (a middleware, bodyLimit buffering a chunked body), it is
 * `c.req.text()` as before. Same result: UTF-8, a leading byte order mark dropped (as fetch's
 * `text()` does), malformed bytes as U+FFFD.
 */
import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ClientClosedRequestError } from './client-closed.ts';

/** The Node request behind `c`, when @hono/node-server passed it (its `env.incoming`). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/** Whether nobody has touched the body stream yet (so reading it here is the only reader). */
function untouched(incoming: IncomingMessage): boolean {
  return !incoming.readableDidRead && incoming.readableFlowing === null && !incoming.readableEnded && !incoming.destroyed;
}

function readAll(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => {
      ended = true;
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
    // Node reports an aborted body as an error with code ECONNRESET: it is the client's, not ours.
    incoming.once('error', (error) => reject(incoming.complete ? error : new ClientClosedRequestError(error)));
    incoming.once('close', () => {
      if (!ended) reject(new ClientClosedRequestError());
    });
  });
}

export function readBodyText(c: Context): Promise<string> {
  const incoming = nodeIncoming(c);
  if (incoming && untouched(incoming)) return readAll(incoming);
  return c.req.text().catch((error: unknown) => {
    throw incoming && !incoming.complete ? new ClientClosedRequestError(error) : error;
  });
}
