/**
 * Where the metrics listener listens (server/config/settings.ts rows METRICS_PORT and
 * METRICS_HOST). Unset METRICS_PORT: no second listener, the metrics are only at GET /metrics on
 * the main port behind a merchant key. The listener itself asks for no key, so it binds to
 * loopback unless METRICS_HOST says otherwise.
 */
import { ConfigError } from './config-error.ts';
import { defaultValue } from './settings.ts';

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
