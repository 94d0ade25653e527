/**
 * The METRICS_PORT listener: GET /metrics without a key, for a Prometheus on the same host (or a
 * private network when METRICS_HOST says so). It shares nothing with the main listener but the
 * registry, so a scrape never waits behind shop traffic limits and the main port's rate limits
 * and connection caps never hide the numbers that would explain them.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError } from '../config/config-error.ts';
import type { HttpSettings } from '../config/http-settings.ts';
import { listenerOptions } from '../http/connection-guard.ts';
import { hostPort, isLoopbackHost, isOwnHost } from '../http/host-port.ts';
import type { Metrics } from './metrics.ts';
import type { MetricsSettings } from '../config/metrics-settings.ts';
import { METRICS_PATH, metricsResponse } from './routes.ts';

export interface MetricsListener {
  /** http://host:port, the port chosen by the system when METRICS_PORT is 0. */
  url: string;
  close(): Promise<void>;
}

/** `http`: the main listener's timeouts apply here too, so a stalled client cannot hold a socket. */
export async function startMetricsListener(
  metrics: Pick<Metrics, 'render'>,
  settings: MetricsSettings,
  http: HttpSettings,
): Promise<MetricsListener> {
  const loopback = isLoopbackHost(settings.host);
  const server = serve({
    fetch: (request) => {
      // On loopback, answered only under this machine's names: a page whose DNS name was
      // re-pointed to 127.0.0.1 (DNS rebinding) would read the metrics without a key from any
      // browser on the host (review r1100), as the sandbox's control API refuses it.
      if (loopback && !isOwnHost(request.url))
        return new Response('misdirected request: the metrics answer only under localhost, 127.0.0.1 or [::1]\n', { status: 421 });
      const { pathname } = new URL(request.url);
      if (pathname !== METRICS_PATH) return new Response('not found: the metrics are at GET /metrics\n', { status: 404 });
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD' } });
      return metricsResponse(metrics);
    },
    port: settings.port ?? 0,
    hostname: settings.host,
    serverOptions: listenerOptions(http),
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', () => resolve());
    // An address not of this machine is METRICS_HOST's to change, as the main listener tells HOST
    // from PORT (review r1200: METRICS_PORT was named for a wrong METRICS_HOST).
    server.once('error', (error: NodeJS.ErrnoException) => {
      const setting = ['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? '') ? 'METRICS_HOST' : 'METRICS_PORT';
      reject(new ConfigError(setting, `cannot listen on ${hostPort(settings.host, settings.port ?? 0)} (${error.code ?? error.message})`));
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostPort(settings.host, port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
