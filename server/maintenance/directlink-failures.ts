/**
 * DirectLink failures as domain errors: a request that may have reached the platform without a
 * usable answer coming back (a timeout, a connection lost after sending, an HTTP 5xx, an
 * unreadable answer: `outcomeUnknown`) leaves the outcome unknown; anything else that left us
 * without an answer — or a platform error naming NCERROR — is a platform failure. The
 * messages come from the DirectLink client, which never puts the API password or a passphrase in them.
 */
import type { AppContext } from '../app-context.ts';
import type { DirectLinkClient } from '../directlink/client.ts';
import { DirectLinkError, DirectLinkRequestError, scrub } from '../directlink/errors.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { PaymentError } from '../domain/payment-error.ts';

export function requireDirectLink(ctx: AppContext): DirectLinkClient {
  if (!ctx.directLink)
    throw new PaymentError(
      'not_offered',
      'directlink_unavailable',
      'DirectLink is not configured on this server (no API user, or payments disabled)',
    );
  return ctx.directLink;
}

export function directLinkFailure(error: unknown): PaymentError | undefined {
  if (error instanceof DirectLinkError) {
    if (error.kind === 'timeout') return new PaymentError('outcome_unknown', 'directlink_timeout', error.message);
    // Taken for "nothing happened", a saved-card order whose connection was reset after it was sent
    // freed its session's claim, and the shopper's retry charged the card a second time (review r1000).
    if (error.outcomeUnknown) return new PaymentError('outcome_unknown', 'directlink_no_answer', error.message);
    return new PaymentError('platform_failed', error.kind === 'platform' ? 'directlink_refused' : 'directlink_unavailable', error.message);
  }
  if (error instanceof DirectLinkRequestError) return new PaymentError('invalid', 'invalid_request', error.message, { field: error.field });
  return undefined;
}

/** Runs a DirectLink call, turning its failures into PaymentErrors. */
export async function callDirectLink<T>(work: () => Promise<T>, onUnknown?: (error: DirectLinkError) => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectLinkError && onUnknown) await onUnknown(error);
    throw directLinkFailure(error) ?? error;
  }
}

/**
 * A platform rejection (NCERROR ≠ 0) said plainly. NCERRORPLUS is the platform's free text: it is
 * scrubbed like the client's own errors, so a card number echoed in it never reaches the API.
 */
export function refusalMessage(result: DirectLinkResult, what: string): string {
  const plus = scrub(result.ncErrorPlus.trim(), []);
  return `the payment platform refused the ${what}: NCERROR ${result.ncError} (${result.ncErrorMessage || 'unknown error'}${plus && plus !== '!' && plus !== result.ncErrorMessage ? `: ${plus.slice(0, 120)}` : ''})`;
}
