/**
 * Payment retry on the hosted page: after a refused authorisation the shopper stays on the card
 * page with the reason and may try again (e-Commerce Basic guide §3; Advanced guide §14, status
 * 2: "The customer can retry the authorisation process after selecting another card"), up to
 * the account's number of tries ("Payment retry", Advanced guide §9.3.1.1). Only the last refused
 * try, a cancel or a success ends the page: then the feedback goes out and the browser leaves.
 * docs/ogone-protocol.md §13.
 */
import type { Outcome } from '../outcomes.ts';
import { createPayment, type NewPayment } from '../payments.ts';
import type { SandboxRuntime } from '../runtime.ts';
import type { HostedCheckout } from '../store.ts';

/** Whether this outcome is a refusal the shopper may follow with another try (not 52/92: "should not retry"). */
export function mayTryAgain(runtime: SandboxRuntime, checkout: HostedCheckout, outcome: Outcome): boolean {
  return outcome.status === 2 && checkout.refusedTries + 1 < runtime.options.settings.paymentTries;
}

/**
 * Counts a refused try that is not the last. The attempt is kept as a refused payment (a query
 * sees it), but no feedback is sent and no alias stored: the alias comes with the final result
 * (Alias Manager guide: returned on acceptance or after the maximum retries).
 * Returns the tries left.
 */
export function recordRefusedTry(runtime: SandboxRuntime, checkout: HostedCheckout, init: NewPayment, outcome: Outcome): number {
  createPayment(runtime, { ...init, alias: '', pendingAlias: undefined }, outcome);
  return countRefusal(runtime, checkout, outcome);
}

/** Counts a refusal already recorded on its payment (a failed 3-D Secure try); returns the tries left. */
export function countRefusal(runtime: SandboxRuntime, checkout: HostedCheckout, outcome: Outcome): number {
  checkout.refusedTries++;
  checkout.lastRefusal = outcome.ncError;
  checkout.completion = undefined;
  return triesLeft(runtime, checkout);
}

export function triesLeft(runtime: SandboxRuntime, checkout: HostedCheckout): number {
  return Math.max(0, runtime.options.settings.paymentTries - checkout.refusedTries);
}
