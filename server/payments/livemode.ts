/**
 * `livemode` on every merchant API object and webhook event (issue 13): true only when the server
 * talks to Ogone's production platform, so a payment from the sandbox or the test platform can
 * never be mistaken for real money by the merchant's backend.
 */
import type { ServerConfig } from '../config/env.ts';

export function isLivemode(config: Pick<ServerConfig, 'provider'>): boolean {
  return config.provider.environment === 'production';
}

/** A function adding this server's `livemode` to an API object. */
export function livemodeOf(config: Pick<ServerConfig, 'provider'>): <T extends object>(value: T) => T & { livemode: boolean } {
  const livemode = isLivemode(config);
  return (value) => ({ ...value, livemode });
}
