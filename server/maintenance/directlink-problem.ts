/**
 * DirectLink failures as API errors: a timeout is a 504, anything else that left us without an
 * answer a 502, a platform refusal a 502 naming NCERROR. The messages come from the DirectLink
 * client, which never puts the API password or a passphrase in them.
 */
import type { AppContext } from '../app-context.ts';
import type { DirectLinkClient } from '../directlink/client.ts';
import { DirectLinkError, DirectLinkRequestError, scrub } from '../directlink/errors.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { Problem } from '../http/problem.ts';

export function requireDirectLink(ctx: AppContext): DirectLinkClient {
  if (!ctx.directLink) throw new Problem(501, 'directlink_unavailable', 'DirectLink is not configured on this server (no API user, or payments disabled)');
  return ctx.directLink;
}

export function directLinkProblem(error: unknown): Problem | undefined {
  if (error instanceof DirectLinkError) {
    const code = error.kind === 'timeout' ? 'directlink_timeout' : error.kind === 'platform' ? 'directlink_refused' : 'directlink_unavailable';
    return new Problem(error.kind === 'timeout' ? 504 : 502, code, error.message);
  }
  if (error instanceof DirectLinkRequestError) return new Problem(400, 'invalid_request', error.message, error.field);
  return undefined;
}

/** Runs a DirectLink call, turning its failures into Problems. */
export async function callDirectLink<T>(work: () => Promise<T>, onUnknown?: (error: DirectLinkError) => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectLinkError && onUnknown) await onUnknown(error);
    throw directLinkProblem(error) ?? error;
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
