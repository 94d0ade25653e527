/**
 * SHA-IN checks for the sandbox's pages. The `_utf8` pages use the signature core as is
 * (`shaVerify` hashes UTF-8); the plain pages hash the ISO-8859-1 bytes they decoded, which is
 * what makes accented names fail there for merchants who sign UTF-8 (odoo/odoo#32575).
 */
import { createHash } from 'node:crypto';
import { shaVerify, type ShaVerification } from '../ogone/sha.ts';
import { DIGEST_HEX_LENGTH, digestsEqual, findShaSign, shaString, type HashAlgorithm } from '../../shared/signature.ts';
import type { PageCharset, RequestParameters } from './params.ts';

export function verifyShaIn(
  params: RequestParameters,
  options: { passphrase: string; algorithm: HashAlgorithm },
  charset: PageCharset,
): ShaVerification {
  const settings = { ...options, direction: 'in' as const };
  if (charset === 'utf-8') return shaVerify(params, settings);
  const received = findShaSign(params);
  if (received === undefined || received === '') return { valid: false, reason: 'missing', message: 'no SHASIGN parameter' };
  if (received.length !== DIGEST_HEX_LENGTH[options.algorithm] || !/^[0-9a-fA-F]+$/.test(received)) {
    return { valid: false, reason: 'malformed', message: `SHASIGN is not a ${options.algorithm} digest` };
  }
  const expected = createHash(options.algorithm)
    .update(shaString(params, options.passphrase, 'in'), 'latin1')
    .digest('hex')
    .toUpperCase();
  return digestsEqual(expected, received)
    ? { valid: true }
    : { valid: false, reason: 'mismatch', message: 'SHASIGN does not match the parameters' };
}
