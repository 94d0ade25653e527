/**
 * SHA-IN / SHA-OUT signing and verification with node:crypto (OpenSSL), on top of the
 * isomorphic composition in `shared/signature.ts`. Every request we sign (hosted page,
 * DirectLink order, maintenance and query, alias payments) and the CLI come through here, so
 * they all hash only the names of the official SHA-IN list (docs/ogone-protocol.md §3).
 */
import { hash } from 'node:crypto';
import {
  DIGEST_HEX_LENGTH,
  digestsEqual,
  findShaSign,
  shaString,
  type HashAlgorithm,
  type Parameters,
  type ShaDirection,
} from '../../shared/signature.ts';

export interface ShaOptions {
  passphrase: string;
  algorithm: HashAlgorithm;
  direction: ShaDirection;
  /**
   * The bytes hashed: the string in UTF-8 (the `_utf8` pages and DirectLink, our default), or in
   * ISO-8859-1, the platform's own charset ([ADV] §12) — every character must be U+0000–U+00FF.
   */
  charset?: 'utf-8' | 'iso-8859-1';
}

/** Uppercase hex SHASIGN of `params` (a SHASIGN among them is ignored). */
export function shaSign(params: Parameters, options: ShaOptions): string {
  // One-shot crypto.hash (UTF-8 for a string): no Hash object per signature, about half the time
  // of createHash().update().digest() for strings this short (issue 17).
  const text = shaString(params, options.passphrase, options.direction);
  return hash(options.algorithm, options.charset === 'iso-8859-1' ? Buffer.from(text, 'latin1') : text, 'hex').toUpperCase();
}

export type ShaVerification = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'mismatch'; message: string };

/** Checks the SHASIGN carried by `params` (any case of the name, any case of the hex). */
export function shaVerify(params: Parameters, options: ShaOptions): ShaVerification {
  const received = findShaSign(params);
  if (received === undefined || received === '') {
    return { valid: false, reason: 'missing', message: 'no SHASIGN parameter' };
  }
  const expectedLength = DIGEST_HEX_LENGTH[options.algorithm];
  if (received.length !== expectedLength || !/^[0-9a-fA-F]+$/.test(received)) {
    return {
      valid: false,
      reason: 'malformed',
      message: `SHASIGN is not a ${options.algorithm} digest (${expectedLength} hex characters expected, got ${received.length})`,
    };
  }
  if (!digestsEqual(shaSign(params, options), received)) {
    return { valid: false, reason: 'mismatch', message: 'SHASIGN does not match the parameters' };
  }
  return { valid: true };
}
