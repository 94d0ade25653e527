/**
 * Guards the Node HTTP listener (issue 13, "Timeouts and caps", "Graceful shutdown"):
 *
 * - a per-client connection cap: one address (an IPv6 /64) may hold MAX_CONNECTIONS_PER_ADDRESS open
 *   connections, more are closed on arrival (slow clients from one place cannot use up the file
 *   descriptors; everyone else, `/healthz` included, is still served). Trusted proxies are exempt.
 * - draining: on shutdown the listener stops accepting, every answer from then on carries
 *   `Connection: close` (clients open no further request on it, so none is reset), requests in
 *   flight finish, idle keep-alive connections are closed, and whatever is left when the grace
 *   period ends is cut.
 *
 * The header, body and keep-alive timeouts are Node's own (`headersTimeout`, `requestTimeout`,
 * `keepAliveTimeout`), set where the server is created (start-server.ts, listenerOptions).
 */
import { rateLimitKey } from './client-address.ts';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import type { HttpSettings, TrustFunction } from '../config/http-settings.ts';
import type { Logger } from '../logger.ts';

/** Options for http.createServer from the settings (keepAliveTimeout is set on the server after). */
export function listenerOptions(settings: HttpSettings): ServerOptions {
  return {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Node checks those two timeouts every connectionsCheckingInterval (30 s by default): a
    // timeout of 20 s could otherwise take 50.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(settings.headersTimeoutMs / 4))),
  };
}

export interface ConnectionGuard {
  /** Connections open right now. */
  readonly open: number;
  readonly draining: boolean;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), closes every connection. */
  drain(graceMs: number): Promise<void>;
}

export interface ConnectionGuardOptions {
  maxPerAddress: number;
  /** Peers exempt from the cap (trusted proxies: every shopper comes through them). */
  exempt: TrustFunction;
  keepAliveTimeoutMs: number;
  logger: Logger;
}

/** How long a connection idle at the start of draining may still deliver a request already sent. */
const DRAIN_SETTLE_MS = 250;
const DRAIN_POLL_MS = 50;

function normalise(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  const perAddress = new Map<string, number>();
  /** Addresses over the cap already logged (one warning per episode, not one per connection). */
  const warned = new Set<string>();
  const sockets = new Set<Socket>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    const address = normalise(socket.remoteAddress);
    if (draining) {
      // Accepted by the kernel just before the listener closed: nothing will be answered on it.
      socket.destroy();
      return;
    }
    if (!options.exempt(address, 0)) {
      // Counted per client as the rate limits count it: an IPv6 host has a /64, 2^64 addresses,
      // and opened 1,000 connections under a cap of 10, one from each.
      const client = rateLimitKey(address);
      const count = perAddress.get(client) ?? 0;
      if (count >= options.maxPerAddress) {
        if (!warned.has(client)) {
          warned.add(client);
          options.logger.warn(
            { client, open: count, max: options.maxPerAddress },
            'connection cap reached for a client address; closing its new connections',
          );
        }
        socket.destroy();
        return;
      }
      perAddress.set(client, count + 1);
      socket.once('close', () => {
        const left = (perAddress.get(client) ?? 1) - 1;
        if (left <= 0) perAddress.delete(client);
        else perAddress.set(client, left);
        if (left < options.maxPerAddress) warned.delete(client);
      });
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  // Nothing runs per request while serving (issue 17): the answers in flight when draining starts
  // are found through their sockets, and only from then on does each new request get its header.
  const closeAfterAnswer = (_request: IncomingMessage, response: ServerResponse) => response.setHeader('Connection', 'close');

  let drained: Promise<void> | undefined;
  return {
    get open() {
      return sockets.size;
    },
    get draining() {
      return draining;
    },
    drain(graceMs: number) {
      drained ??= new Promise<void>((resolve) => {
        draining = true;
        // Before the app sees a request: its answer carries Connection: close.
        server.prependListener('request', closeAfterAnswer);
        // The answer a socket is writing now: Node's `_httpMessage`, the way http-terminator
        // finds it (no public API names a connection's current response).
        for (const socket of sockets) {
          const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
          if (response && !response.headersSent) response.setHeader('Connection', 'close');
        }
        // The bare listener close: http.Server#close would also close every idle keep-alive
        // connection at once, resetting those whose next request is already on its way.
        NetServer.prototype.close.call(server);
        const started = Date.now();
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          clearInterval(poll);
          clearTimeout(deadline);
          // Clears Node's connection-checking timer (the listener is closed already; its
          // 'close' event may be past, so no callback is waited for).
          server.close();
          resolve();
        };
        const poll = setInterval(() => {
          // After a short settle, a connection with no request in progress gets none: closed.
          if (Date.now() - started >= DRAIN_SETTLE_MS) setImmediate(() => server.closeIdleConnections());
          if (sockets.size === 0) finish();
        }, DRAIN_POLL_MS);
        const deadline = setTimeout(() => {
          if (sockets.size > 0)
            options.logger.warn({ open: sockets.size, graceMs }, 'shutdown grace period over; closing the connections still open');
          server.closeAllConnections();
          for (const socket of sockets) socket.destroy();
          finish();
        }, graceMs);
        if (sockets.size === 0) finish();
      });
      return drained;
    },
  };
}
