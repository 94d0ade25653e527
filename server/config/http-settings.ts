/**
 * Settings of the HTTP listener itself (issue 13, "Timeouts and caps", "TRUST_PROXY", "Graceful
 * shutdown"), validated like every other setting: a bad value stops the start with one line
 * naming the variable. Names, defaults and ranges are rows of settings.ts; why each exists:
 *
 * - HEADERS_TIMEOUT_SECONDS: a client must send its whole request head in this time.
 * - REQUEST_TIMEOUT_SECONDS: … and its whole request, body included (bodies are at most 64 KiB, 256 KiB
 *   on the keyed merchant API: a slow sender is an attack, not a shopper).
 * - KEEP_ALIVE_TIMEOUT_SECONDS: an idle keep-alive connection is closed after this; behind a
 *   proxy that reuses connections, make it longer than the proxy's own idle timeout.
 * - MAX_CONNECTIONS_PER_ADDRESS: open connections one socket address may hold; more are closed
 *   at once. Trusted proxies (TRUST_PROXY) are exempt: they carry everyone.
 * - SHUTDOWN_GRACE_SECONDS: on SIGTERM/SIGINT, how long requests in flight may take to finish
 *   before their connections are closed.
 * - TRUST_PROXY (default: none): which peers' X-Forwarded-For is believed — a hop count (`1`:
 *   the peer is our proxy), or a comma-separated list of proxy addresses / CIDRs (proxy-addr's
 *   names `loopback`, `linklocal`, `uniquelocal` too).
 */
import proxyaddr from 'proxy-addr';
import { commaList } from './address-list.ts';
import { ConfigError } from './config-error.ts';
import { wholeSetting } from './whole-setting.ts';

/** Decides whether the hop at `index` (0 = our socket's peer) is a proxy we trust. */
export type TrustFunction = (address: string, index: number) => boolean;

export interface TrustProxy {
  /** What was configured, for logs: `none`, `1 hop`, or the list. */
  description: string;
  trust: TrustFunction;
}

export interface HttpSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnectionsPerAddress: number;
  shutdownGraceMs: number;
  trustProxy: TrustProxy;
}

export const TRUST_NOTHING: TrustProxy = { description: 'none', trust: () => false };

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0' || value === 'none') return TRUST_NOTHING;
  if (value === 'true' || value === '*') {
    throw new ConfigError(
      'TRUST_PROXY',
      'trusting every peer lets any client choose its address; give the number of proxies in front (e.g. 1) or their addresses / CIDRs',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', 'a hop count must be from 0 to 10');
    return { description: `${hops} hop${hops === 1 ? '' : 's'}`, trust: (_address, index) => index < hops };
  }
  const entries = commaList(value);
  try {
    const trust = proxyaddr.compile(entries);
    return { description: entries.join(','), trust };
  } catch (error) {
    throw new ConfigError(
      'TRUST_PROXY',
      `${(error as Error).message}; expected a hop count or proxy addresses / CIDRs such as 10.0.0.0/8,127.0.0.1`,
    );
  }
}

export function parseHttpSettings(env: Record<string, string | undefined>): HttpSettings {
  const headersTimeout = wholeSetting(env, 'HEADERS_TIMEOUT_SECONDS');
  const requestTimeout = wholeSetting(env, 'REQUEST_TIMEOUT_SECONDS');
  // Node refuses a head timeout longer than the whole request's.
  if (headersTimeout > requestTimeout) {
    throw new ConfigError('HEADERS_TIMEOUT_SECONDS', `must not exceed REQUEST_TIMEOUT_SECONDS (${requestTimeout})`);
  }
  return {
    headersTimeoutMs: headersTimeout * 1000,
    requestTimeoutMs: requestTimeout * 1000,
    keepAliveTimeoutMs: wholeSetting(env, 'KEEP_ALIVE_TIMEOUT_SECONDS') * 1000,
    maxConnectionsPerAddress: wholeSetting(env, 'MAX_CONNECTIONS_PER_ADDRESS'),
    shutdownGraceMs: wholeSetting(env, 'SHUTDOWN_GRACE_SECONDS') * 1000,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
