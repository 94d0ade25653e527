/**
 * The per-client connection cap (server/http/connection-guard.ts, MAX_CONNECTIONS_PER_ADDRESS)
 * counts an IPv6 client by its /64, as the rate limits do (client-address.ts rateLimitKey): any
 * IPv6 host is given a /64 — 2^64 source addresses — and counted per address it opened as many
 * slow or idle connections as it liked, one from each, using up the file descriptors. IPv4 is
 * counted per address, as before.
 *
 * The guard is driven with the 'connection' events a listener would emit, from sockets whose peer
 * is a different address of one /64 each (a real run needs a routed IPv6 /64, which a test machine
 * does not have).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server as NetServer, Socket } from 'node:net';
import type { Server } from 'node:http';
import { guardConnections } from '../../../server/http/connection-guard.ts';
import type { Logger } from '../../../server/logger.ts';

const MAX_PER_ADDRESS = 10;
const ATTEMPTS = 1000;

const quiet = { warn() {}, info() {}, error() {}, debug() {}, trace() {}, fatal() {}, isLevelEnabled: () => false } as unknown as Logger;

function peer(address: string): Socket {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: address });
  return socket;
}

function openFrom(addresses: (i: number) => string): { open: number; sockets: Socket[] } {
  const listener = new NetServer() as unknown as Server;
  const guard = guardConnections(listener, {
    maxPerAddress: MAX_PER_ADDRESS,
    exempt: () => false,
    keepAliveTimeoutMs: 5000,
    logger: quiet,
  });
  const sockets: Socket[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const socket = peer(addresses(i));
    sockets.push(socket);
    listener.emit('connection', socket);
  }
  const open = sockets.filter((socket) => !socket.destroyed).length;
  assert.equal(open, guard.open);
  for (const socket of sockets) socket.destroy();
  return { open, sockets };
}

test('one IPv6 address is capped at MAX_CONNECTIONS_PER_ADDRESS', () => {
  const { open } = openFrom(() => '2001:db8:1:2::1');
  assert.equal(open, MAX_PER_ADDRESS);
});

test('one IPv6 /64 (one host) is capped like one address, not once per address it picks', () => {
  const { open } = openFrom((i) => `2001:db8:1:2::${(i + 1).toString(16)}`);
  assert.ok(open <= MAX_PER_ADDRESS, `one /64 holds ${open} connections open, the cap is ${MAX_PER_ADDRESS}`);
});

test('IPv4 addresses, and IPv6 /64s, are each capped on their own', () => {
  const { open } = openFrom((i) => (i % 2 === 0 ? `198.51.100.${(i % 200) + 1}` : `2001:db8:${(i % 100).toString(16)}::1`));
  // 100 IPv4 addresses of 5 connections each, 50 /64s of 10: none over the cap.
  assert.equal(open, ATTEMPTS);
});
