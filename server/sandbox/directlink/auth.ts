/**
 * DirectLink authentication: a request with a name given twice is refused first (its signed
 * values are ambiguous: docs/ogone-protocol.md §3), then PSPID, the API user (USERID + PSWD),
 * then SHA-IN over the names of the SHA-IN list that were sent — PSWD and USERID are on it
 * (DirectLink guide §3.5 and §8).
 * Codes: 50001111 with " no pspid" (none sent), 50001118 with "PSPID not found or not active",
 * 50001119 "Password incorrect or disabled due to numbers of errors", 50001184 "SHA Mismatch"
 * with "unknown order/0/s" (no SHASIGN) and "unknown order/1/s" (wrong one) — NCERRORPLUS carries
 * the texts of the DirectLink guide's §7 "Troubleshooting" where it gives one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { ncErrorMessage, NCERROR } from '../ncerrors.ts';
import type { ResolvedOptions } from '../options.ts';
import { param, repeatedParameter, type PageCharset, type RequestParameters } from '../params.ts';
import { verifyShaIn } from '../signature.ts';
import { missing } from './answer.ts';

export type Authentication = { ok: true } | { ok: false; ncError: string; ncErrorPlus: string };

export function authenticate(params: RequestParameters, options: ResolvedOptions, charset: PageCharset): Authentication {
  const repeated = repeatedParameter(params);
  if (repeated !== undefined) return { ok: false, ncError: NCERROR.DATA_VALIDATION, ncErrorPlus: `${repeated} given more than once` };
  const pspid = param(params, 'PSPID');
  // "no <parameter> (for instance: no PSPID)": an empty mandatory field (DirectLink guide §7).
  if (pspid === '') return { ok: false, ncError: NCERROR.DATA_VALIDATION, ncErrorPlus: missing('PSPID') };
  if (pspid !== options.pspid) return { ok: false, ncError: NCERROR.PSPID_NOT_FOUND, ncErrorPlus: PLATFORM_ERRORS.pspidNotFound };
  if (param(params, 'USERID') !== options.userId || !sameSecret(param(params, 'PSWD'), options.password)) {
    return { ok: false, ncError: NCERROR.PASSWORD_INCORRECT, ncErrorPlus: ncErrorMessage(NCERROR.PASSWORD_INCORRECT) };
  }
  const signature = verifyShaIn(params, { passphrase: options.shaIn, algorithm: options.hashAlgorithm }, charset);
  if (!signature.valid) {
    return {
      ok: false,
      ncError: NCERROR.SHA_MISMATCH,
      ncErrorPlus: signature.reason === 'missing' ? 'unknown order/0/s' : 'unknown order/1/s',
    };
  }
  return { ok: true };
}

/** Constant-time comparison whatever the lengths (both sides hashed first). */
function sameSecret(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
