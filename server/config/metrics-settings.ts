/**
 * Where the metrics listener listens (server/config/settings.ts rows METRICS_PORT and
 * METRICS_HOST). Unset METRICS_PORT: no second listener, the metrics are only at GET /metrics on
 * the main port behind a merchant key. The listener itself asks for no key, so it binds to
 * loopback unless METRICS_HOST says otherwise.
 */
import { ConfigError } from './config-error.ts';
import { defaultValue, wholeRange } from './settings.ts';

export interface MetricsSettings {
  /** 0: any free port (tests); undefined: no metrics listener. */
  port: number | undefined;
  host: string;
}

export function metricsSettings(env: Record<string, string | undefined>): MetricsSettings {
  const rawPort = env.METRICS_PORT?.trim();
  let port: number | undefined;
  if (rawPort) {
    if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new ConfigError('METRICS_PORT', 'must be a port number (0 to 65535), or unset for no metrics listener');
    }
    port = Number(rawPort);
  }
  const host = env.METRICS_HOST?.trim() || defaultValue('METRICS_HOST');
  if (/[\s/]/.test(host)) throw new ConfigError('METRICS_HOST', 'must be an address to listen on, such as 127.0.0.1 or ::1');
  return { port, host };
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Why the metrics listener cannot bind beside the main one, when the settings alone say so: the
 * same port as PORT on an address PORT's listener also holds (the same one, localhost for a
 * loopback address, or either a wildcard). serve finds out only at listen (METRICS_PORT, exit 2);
 * doctor asks this first. Settings that are wrong on their own are not this function's concern.
 */
export function metricsPortConflict(env: Record<string, string | undefined>): string | undefined {
  let metrics: MetricsSettings;
  try {
    metrics = metricsSettings(env);
  } catch {
    return undefined;
  }
  const rawPort = env.PORT?.trim() || String(wholeRange('PORT').fallback);
  if (!metrics.port || !/^\d{1,5}$/.test(rawPort) || Number(rawPort) !== metrics.port) return undefined;
  const host = env.HOST?.trim() || defaultValue('HOST');
  const overlap =
    host === metrics.host ||
    WILDCARDS.has(host) ||
    WILDCARDS.has(metrics.host) ||
    ((host === 'localhost' || metrics.host === 'localhost') && LOOPBACK.has(host) && LOOPBACK.has(metrics.host));
  if (!overlap) return undefined;
  return `is PORT's port too (${metrics.port}) on an address HOST (${host}) covers: serve cannot listen on ${metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host}:${metrics.port} (EADDRINUSE); give it another port`;
}
