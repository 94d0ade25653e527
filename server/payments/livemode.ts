/**
 * `livemode` on every merchant API object and webhook event (issue 13): true only for Ogone's
 * production platform, so a payment from the sandbox or the test platform can never be mistaken
 * for real money by the merchant's backend.
 *
 * A session, payment, saved card or event says the platform it was made for, recorded when it
 * was written (migration 0023): after the README's go-live switch (the same database,
 * OGONE_ENVIRONMENT=production) the test payments made before it stay `livemode: false`. Rows
 * written before 0023 recorded nothing and show the server's setting, as releases before it did.
 * Buttons are settings, not money: they show the server's.
 */
import type { ServerConfig } from '../config/env.ts';
import { PaymentError } from '../domain/payment-error.ts';

export function isLivemode(config: Pick<ServerConfig, 'provider'>): boolean {
  return config.provider.environment === 'production';
}

/** Whatever recorded the platform it was made for (a record, or an operation's result carrying its payment's). */
export interface Recorded {
  livemode?: boolean | undefined;
}

const platformName = (livemode: boolean) => (livemode ? "Ogone's production platform" : "Ogone's test platform (or the sandbox)");

/**
 * Refuses what was made for the other platform than this server's (a session created, or a card
 * saved, before the go-live switch): the platform it would be sent to does not know its alias, and
 * a test session paid for real money would say `livemode: false` beside its live payment. 409
 * `livemode_mismatch`, naming `field` when given. A row made before migration 0023 recorded
 * nothing and passes.
 */
export function assertSamePlatform(config: Pick<ServerConfig, 'provider'>, recorded: Recorded, what: string, field?: string): void {
  const error = platformMismatch(config, recorded, what, field);
  if (error) throw error;
}

/** assertSamePlatform's error, or undefined: for a decision that answers it rather than throws. */
export function platformMismatch(
  config: Pick<ServerConfig, 'provider'>,
  recorded: Recorded,
  what: string,
  field?: string,
): PaymentError | undefined {
  const live = isLivemode(config);
  if (recorded.livemode === undefined || recorded.livemode === live) return undefined;
  return new PaymentError(
    'conflict',
    'livemode_mismatch',
    `${field ? `${field}: ` : ''}${what} was made for ${platformName(recorded.livemode)}, and this server sends payments to ${platformName(live)}`,
    field ? { field } : {},
  );
}

/** A function adding `livemode` to an API object: `recorded`'s own, else this server's. */
export function livemodeOf(
  config: Pick<ServerConfig, 'provider'>,
): <T extends object>(value: T, recorded?: Recorded) => Omit<T, 'livemode'> & { livemode: boolean } {
  const livemode = isLivemode(config);
  return (value, recorded) => ({ ...value, livemode: recorded?.livemode ?? livemode });
}
