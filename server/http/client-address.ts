/**
 * The client's address, for rate limits, logs and the REMOTE_ADDR sent to Ogone. It is the
 * socket's peer unless that peer is a proxy TRUST_PROXY names: then X-Forwarded-For is walked
 * from the right, through trusted hops only, and the first untrusted address is the client
 * (proxy-addr). A header sent from anywhere else is ignored, so nobody picks their own address.
 */
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config/http-settings.ts';
import { TRUST_NOTHING } from '../config/http-settings.ts';
import { nodeIncoming } from './body-text.ts';

export type ClientAddressVariables = { clientAddress: string };

/** `::ffff:203.0.113.7` and `203.0.113.7` are one client (a dual-stack listener maps IPv4). */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** Works out the client's address and keeps it on the context (request-envelope.ts runs it). */
export function assignClientAddress(c: Context, trustProxy: TrustProxy = TRUST_NOTHING, incoming = nodeIncoming(c)): string {
  let address = 'unknown'; // app.request() in tests has no socket
  if (incoming?.socket.remoteAddress) {
    address = trustProxy === TRUST_NOTHING ? incoming.socket.remoteAddress : proxyaddr(incoming, trustProxy.trust);
  }
  const client = normalise(address);
  c.set('clientAddress', client);
  return client;
}

/** The address resolveClientAddress found (the socket's peer when it did not run). */
export function clientAddress(c: Context): string {
  const resolved = c.get('clientAddress') as string | undefined;
  if (resolved) return resolved;
  const remote = nodeIncoming(c)?.socket.remoteAddress;
  return remote ? normalise(remote) : 'unknown';
}

/**
 * The rate limits' bucket for a client address: an IPv4 address, or an IPv6 client's /64. One
 * line (a household, a VPS) is given a /64 or more, 2^64 addresses: a bucket per address let
 * anyone change address on every request and pass any limit — a card-testing run on the checkout,
 * replayed feedback — while the limiter's store grew an entry each. (express-rate-limit keys
 * IPv6 by /56 by default for the same reason; a /64 is one network for certain.)
 */
export function rateLimitKey(address: string): string {
  if (!address.includes(':') || !ipaddr.IPv6.isValid(address)) return address;
  const parts = ipaddr.IPv6.parse(address).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
