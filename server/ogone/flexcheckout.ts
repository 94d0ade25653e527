/**
 * FlexCheckout, Ogone's tokenization page (docs/ogone-protocol.md §15): the signed request that
 * sends the shopper there, and the check of the signed return. FlexCheckout has signature rules
 * of its own, apart from e-Commerce's SHA-IN / SHA-OUT lists (§3):
 * - the request (§15 "SHA-IN"): every field sent with a non-empty value, SHASIGNATURE.SHASIGN
 *   excepted — there is no printed list of names;
 * - the return (§15 "SHA-OUT"): only the Alias.* and Card.* output fields below, PARAMPLUS pairs
 *   and anything else in the URL left out;
 * - both: names uppercased with their dots, sorted, `NAME=value` followed by the passphrase after
 *   every pair, the account's hash algorithm, hex; UTF-8 (FlexCheckout's default encoding).
 */
import { createHash } from 'node:crypto';
import { DIGEST_HEX_LENGTH, digestsEqual, type HashAlgorithm } from '../../shared/signature.ts';
import { platformBaseUrl, type ProviderConfig } from '../../shared/schemas/config.ts';

/** The page's path on the platform's host (§15 "Endpoint"), the same on white labels. */
export const FLEX_PAGE_PATH = '/Tokenization/HostedPage';
/** The request's signature field (§15 input fields). */
export const FLEX_SIGNATURE_FIELD = 'SHASIGNATURE.SHASIGN';

/** The return's fields that enter its SHASign (§15 "SHA-OUT"), uppercase. */
export const FLEX_SHA_OUT_FIELDS: ReadonlySet<string> = new Set([
  'ALIAS.ALIASID',
  'ALIAS.NCERROR',
  'ALIAS.NCERRORCARDNO',
  'ALIAS.NCERRORCN',
  'ALIAS.NCERRORCVC',
  'ALIAS.NCERRORED',
  'ALIAS.ORDERID',
  'ALIAS.STATUS',
  'ALIAS.STOREPERMANENTLY',
  'CARD.BIC',
  'CARD.BIN',
  'CARD.BRAND',
  'CARD.CARDHOLDERNAME',
  'CARD.CARDNUMBER',
  'CARD.CVC',
  'CARD.EXPIRYDATE',
]);

export interface FlexSigningKey {
  passphrase: string;
  algorithm: HashAlgorithm;
}

/** The string hashed: kept names uppercased, empty values left out, sorted, passphrase after each pair. */
export function flexSignedString(
  pairs: Iterable<readonly [string, string]>,
  passphrase: string,
  keep: (upperName: string) => boolean,
): string {
  const kept: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    const upper = name.toUpperCase();
    if (value !== '' && keep(upper)) kept.push([upper, value]);
  }
  // Names are ASCII letters and dots: code-unit order is the alphabetical order the guide asks for.
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.map(([name, value]) => `${name}=${value}${passphrase}`).join('');
}

function digest(text: string, algorithm: HashAlgorithm): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex').toUpperCase();
}

/** SHASIGNATURE.SHASIGN of a request: every non-empty field but the signature itself (§15 "SHA-IN"). */
export function flexRequestSignature(fields: Readonly<Record<string, string>>, key: FlexSigningKey): string {
  const text = flexSignedString(Object.entries(fields), key.passphrase, (name) => name !== FLEX_SIGNATURE_FIELD);
  return digest(text, key.algorithm);
}

/** The FlexCheckout page's URL with the signed fields in its query string (§15: a redirect or an iframe). */
export function flexCheckoutUrl(
  provider: Pick<ProviderConfig, 'environment' | 'baseUrl' | 'shaIn' | 'hashAlgorithm'>,
  fields: Readonly<Record<string, string>>,
  platformBase?: string,
): string {
  const base = platformBase ? platformBase.replace(/\/+$/, '') : platformBaseUrl(provider);
  const url = new URL(`${base}${FLEX_PAGE_PATH}`);
  for (const [name, value] of Object.entries(fields)) if (value !== '') url.searchParams.set(name, value);
  url.searchParams.set(
    FLEX_SIGNATURE_FIELD,
    flexRequestSignature(fields, { passphrase: provider.shaIn, algorithm: provider.hashAlgorithm }),
  );
  return url.toString();
}

export type FlexReturnCheck = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'mismatch' | 'repeated' };

/**
 * Checks a return's SHASign (§15 "SHA-OUT") in constant time, without regard to the hex's case.
 * A signed field given twice is refused: which copy the platform meant cannot be told.
 */
export function verifyFlexReturn(pairs: ReadonlyArray<readonly [string, string]>, key: FlexSigningKey): FlexReturnCheck {
  const seen = new Set<string>();
  let received: string | undefined;
  for (const [name, value] of pairs) {
    const upper = name.toUpperCase();
    if (upper === 'SHASIGN') {
      if (received !== undefined) return { valid: false, reason: 'repeated' };
      received = value;
      continue;
    }
    if (!FLEX_SHA_OUT_FIELDS.has(upper)) continue;
    if (seen.has(upper)) return { valid: false, reason: 'repeated' };
    seen.add(upper);
  }
  if (received === undefined || received === '') return { valid: false, reason: 'missing' };
  if (received.length !== DIGEST_HEX_LENGTH[key.algorithm] || !/^[0-9A-Fa-f]+$/.test(received))
    return { valid: false, reason: 'malformed' };
  const expected = digest(
    flexSignedString(pairs, key.passphrase, (name) => FLEX_SHA_OUT_FIELDS.has(name)),
    key.algorithm,
  );
  return digestsEqual(expected, received) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
