/**
 * FlexCheckout's wire format, written from Ingenico's FlexCheckout guide ("Integrating
 * FlexCheckout as a tokenization page": §3.1 input fields, §3.2 SHA signature for input, §3.3
 * output fields, §3.4 SHA signature for output) and docs/ogone-protocol.md §15. FlexCheckout
 * names its fields `GROUP.NAME` (ACCOUNT.PSPID, ALIAS.ALIASID…) and has signature rules of its
 * own, apart from the e-Commerce lists of signature.ts:
 * - SHA-IN: every field sent with a value, SHASIGNATURE.SHASIGN excepted — FlexCheckout has no
 *   printed list of names like e-Commerce's;
 * - SHA-OUT: only the Alias.* and Card.* output fields below;
 * - both: names uppercased (dots kept), sorted, `NAME=value` + passphrase after every pair, the
 *   account's hash algorithm, hex uppercase; UTF-8 (FlexCheckout's default encoding, §3).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ShaAlgorithm } from '../signature.ts';

/** The page's path on the platform host (guide §3: `https://ogone.test.v-psp.com/Tokenization/HostedPage`). */
export const FLEX_PAGE_PATH = '/Tokenization/HostedPage';
/** Where the sandbox's card form posts (the sandbox's own page; the platform's is not documented). */
export const FLEX_SAVE_PATH = '/Tokenization/sandbox_save';

/** The request's signature field (guide §3.1). */
export const SIGNATURE_FIELD = 'SHASIGNATURE.SHASIGN';

/** Input fields with a documented maximum length (guide §3.1: AN 30, AN 50, AN 40; URLs AN 255 as on e-Commerce). */
export const MAX_LENGTHS: ReadonlyArray<readonly [string, number]> = [
  ['ACCOUNT.PSPID', 30],
  ['ALIAS.ALIASID', 50],
  ['ALIAS.ORDERID', 40],
  ['PARAMETERS.ACCEPTURL', 255],
  ['PARAMETERS.EXCEPTIONURL', 255],
];

/** Alias.Status (guide §3.3; 0–2 as on the Alias Gateway, 3 = cancelled: docs/ogone-protocol.md §15). */
export const ALIAS_STATUS = { OK: '0', NOT_OK: '1', UPDATED: '2', CANCELLED: '3' } as const;

/** The output fields that enter SHA-OUT (guide §3.4), uppercase. */
const SHA_OUT_NAMES: ReadonlySet<string> = new Set([
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

/** Whether an output field enters SHA-OUT (a PARAMPLUS pair named like one is dropped). */
export function isFlexOutputField(name: string): boolean {
  return SHA_OUT_NAMES.has(name.toUpperCase());
}

// Sorted like the platform's lists (punctuation before digits before letters); for these names
// plain ASCII order gives the same result.
const collator = new Intl.Collator('und', { usage: 'sort', sensitivity: 'variant', ignorePunctuation: false, numeric: false });

function compose(pairs: Iterable<readonly [string, string]>, keep: (upperName: string) => boolean, passphrase: string): string {
  const kept: Array<readonly [string, string]> = [];
  for (const [name, value] of pairs) {
    const upper = name.toUpperCase();
    if (value !== '' && keep(upper)) kept.push([upper, value]);
  }
  kept.sort((a, b) => collator.compare(a[0], b[0]));
  return kept.map(([name, value]) => `${name}=${value}${passphrase}`).join('');
}

function digest(text: string, algorithm: ShaAlgorithm): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex').toUpperCase();
}

/** The string FlexCheckout hashes for a merchant's request (guide §3.2). */
export function flexShaInString(pairs: Iterable<readonly [string, string]>, passphrase: string): string {
  return compose(pairs, (name) => name !== SIGNATURE_FIELD, passphrase);
}

/** The SHASign of a FlexCheckout return (guide §3.4). */
export function flexShaOut(pairs: Iterable<readonly [string, string]>, account: { passphrase: string; algorithm: ShaAlgorithm }): string {
  return digest(
    compose(pairs, (name) => SHA_OUT_NAMES.has(name), account.passphrase),
    account.algorithm,
  );
}

export type FlexShaCheck = { valid: true } | { valid: false; reason: 'missing' | 'mismatch' };

/** Checks SHASIGNATURE.SHASIGN, in constant time, without regard to the hex's case. */
export function verifyFlexShaIn(
  params: Readonly<Record<string, string>>,
  account: { passphrase: string; algorithm: ShaAlgorithm },
): FlexShaCheck {
  const received = params[SIGNATURE_FIELD] ?? '';
  if (received === '') return { valid: false, reason: 'missing' };
  if (!/^[0-9A-Fa-f]+$/.test(received)) return { valid: false, reason: 'mismatch' };
  const expected = Buffer.from(digest(flexShaInString(Object.entries(params), account.passphrase), account.algorithm), 'latin1');
  const actual = Buffer.from(received.toUpperCase(), 'latin1');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
