/**
 * Ogone SHA-IN / SHA-OUT composition — the part every other integration gets wrong somewhere.
 *
 * Rules (docs/ogone-protocol.md §3; e-Commerce Advanced guide §11 "Appendix: SHA" and §17
 * "List of Parameters to be included in SHA Calculations"):
 * 1. names are uppercased; parameters with an empty value are left out;
 * 2. SHA-IN takes only the names of the official SHA-IN list (and its numbered families,
 *    ITEMID1…), SHA-OUT only the names of the official SHA-OUT list; SHASIGN never. A name we
 *    send that is not on the list (PAYIDSUB) is sent but not hashed, as the platform does;
 * 3. names are ordered like the official lists: alphabetically with `_` *before* digits and
 *    letters (ICU root collation), so `SCO_CATEGORY` precedes `SCORING` — plain ASCII order
 *    gets that pair wrong;
 * 4. `NAME=value` + passphrase for every parameter, the passphrase after the last one too;
 * 5. UTF-8, SHA-1/256/512, uppercase hex.
 *
 * Isomorphic: nothing here imports Node. The hash itself is done by the caller
 * (`server/ogone/sha.ts` uses node:crypto; `signWithWebCrypto` below works anywhere).
 */
import { isShaInParameter, SHA_IN_FAMILY_PATTERN } from './sha-in-parameters.ts';
import { SHA_OUT_PARAMETERS } from './sha-out-parameters.ts';

export const HASH_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
/** The back office's hash algorithm when none is configured: SHA-512, the strongest offered. */
export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = 'sha512';

/** Whether `value` names one of the algorithms the back office offers (lowercase, as we write them). */
export function isHashAlgorithm(value: string): value is HashAlgorithm {
  return (HASH_ALGORITHMS as readonly string[]).includes(value);
}
export type ShaDirection = 'in' | 'out';

/** Hex length of a digest per algorithm (DirectLink guide: SHA-1 40, SHA-256 64, SHA-512 128). */
export const DIGEST_HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  sha1: 40,
  sha256: 64,
  sha512: 128,
};

/** A SHASIGN of any of the algorithms: 40, 64 or 128 hex digits, either case. */
export const SHASIGN_PATTERN = /* @__PURE__ */ new RegExp(
  `^(?:${HASH_ALGORITHMS.map((algorithm) => `[0-9A-Fa-f]{${DIGEST_HEX_LENGTH[algorithm]}}`).join('|')})$`,
);

export type ParameterValue = string | number | boolean | null | undefined;
export type Parameters = Readonly<Record<string, ParameterValue>>;

/**
 * The sort key of an uppercase parameter name: `_` replaced by U+0001, so that plain string
 * comparison of keys is the official lists' order (code-unit order, `_` before every digit and
 * letter). The one definition of the ordering: `shaString` and `compareParameterNames` both use it.
 *
 * A member of a numbered family (`ITEMNAME10`) is put in "logical" ascending order of its number
 * among its family, ITEMNAME9 before ITEMNAME10 (e-Commerce Advanced guide §10.5, "ascending order
 * of line item fields for SHA calculation"; docs/ogone-protocol.md §3): its digits become their
 * count, then the number — leading zeros aside, kept last as a tie-break (ITEMID01, ITEMID1).
 */
function sortKey(upperName: string): string {
  const key = upperName.replaceAll('_', '\u0001');
  if (!SHA_IN_FAMILY_PATTERN.test(upperName)) return key;
  const digits = /\d+$/.exec(upperName)![0];
  const number = digits.replace(/^0+(?=\d)/, '');
  return `${key.slice(0, key.length - digits.length)}${String(number.length).padStart(4, '0')}${number}\u0000${digits}`;
}

/** Compares two uppercase parameter names the way the official lists are ordered. */
export function compareParameterNames(a: string, b: string): number {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type DropReason = 'empty value' | 'not in the SHA-IN list' | 'not in the SHA-OUT list' | 'the signature itself';

export interface ShaComposition {
  /** `[NAME, value]` pairs that enter the digest, in digest order. */
  readonly included: ReadonlyArray<readonly [string, string]>;
  /** Parameters that were left out, and why. */
  readonly dropped: ReadonlyArray<{ readonly name: string; readonly reason: DropReason }>;
}

function valueToString(value: ParameterValue): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** Splits parameters into those that enter the digest (sorted) and those left out. */
export function composeSha(params: Parameters, direction: ShaDirection): ShaComposition {
  const included: Array<readonly [string, string]> = [];
  const dropped: Array<{ name: string; reason: DropReason }> = [];
  for (const key of Object.keys(params)) {
    const name = key.toUpperCase();
    const value = valueToString(params[key]);
    if (name === 'SHASIGN') dropped.push({ name, reason: 'the signature itself' });
    else if (direction === 'in' && !isShaInParameter(name)) dropped.push({ name, reason: 'not in the SHA-IN list' });
    else if (direction === 'out' && !SHA_OUT_PARAMETERS.has(name)) {
      dropped.push({ name, reason: 'not in the SHA-OUT list' });
    } else if (value === '') dropped.push({ name, reason: 'empty value' });
    else included.push([name, value]);
  }
  included.sort((x, y) => compareParameterNames(x[0], y[0]));
  return { included, dropped };
}

interface NameInfo {
  readonly upper: string;
  readonly sortKey: string;
  /** On the SHA-IN list (or one of its numbered families). */
  readonly inSha: boolean;
  /** On the SHA-OUT list. */
  readonly outSha: boolean;
}

/**
 * Memo of name → uppercase name, sort key and list membership: the same few dozen names are
 * signed over and over, and this keeps ordering and the SHA-IN family pattern cheap next to the
 * hash itself (the benchmark's target). Bounded, so
 * names coming from untrusted input cannot grow it without limit.
 */
const nameCache = new Map<string, NameInfo>();
const NAME_CACHE_LIMIT = 2048;

function nameInfo(key: string): NameInfo {
  let info = nameCache.get(key);
  if (info === undefined) {
    const upper = key.toUpperCase();
    info = { upper, sortKey: sortKey(upper), inSha: isShaInParameter(upper), outSha: SHA_OUT_PARAMETERS.has(upper) };
    if (nameCache.size < NAME_CACHE_LIMIT) nameCache.set(key, info);
  }
  return info;
}

/**
 * The digest order of one sequence of parameter names: `order` lists the positions (in the
 * parameters' own order) of the names on the direction's list, sorted as the list is; `names` the
 * uppercase name at each position. Which of them enter the digest still depends on the values
 * (an empty one is left out), checked on every call.
 */
interface DigestPlan {
  readonly keys: readonly string[];
  readonly order: readonly number[];
  readonly names: readonly string[];
}

/**
 * Plans of the latest name sequences signed, per direction, most recent first: a server signs a
 * few shapes over and over (the hosted page request with or without a customer or an alias, a
 * feedback), so the sorting is done once per shape, not on every signature (issue 17).
 */
const PLANS_KEPT = 8;
const plans: Record<ShaDirection, DigestPlan[]> = { in: [], out: [] };

function digestPlan(keys: readonly string[], direction: ShaDirection): DigestPlan {
  const kept = plans[direction];
  search: for (let p = 0; p < kept.length; p++) {
    const plan = kept[p]!;
    if (plan.keys.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (plan.keys[i] !== keys[i]) continue search;
    if (p > 0) {
      kept.splice(p, 1);
      kept.unshift(plan);
    }
    return plan;
  }
  const names: string[] = [];
  const order: number[] = [];
  const sortKeys: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const info = nameInfo(keys[i]!);
    names.push(info.upper);
    sortKeys.push(info.sortKey);
    // SHASIGN is on neither list.
    if (direction === 'in' ? info.inSha : info.outSha) order.push(i);
  }
  // Array.prototype.sort is stable: names equal once uppercased keep the parameters' order.
  order.sort((a, b) => (sortKeys[a]! < sortKeys[b]! ? -1 : sortKeys[a]! > sortKeys[b]! ? 1 : 0));
  const plan = { keys: [...keys], order, names };
  kept.unshift(plan);
  if (kept.length > PLANS_KEPT) kept.pop();
  return plan;
}

/** The exact string that is hashed: `NAME=value` + passphrase for every included parameter. */
export function shaString(params: Parameters, passphrase: string, direction: ShaDirection): string {
  const keys: string[] = [];
  const raws: ParameterValue[] = [];
  for (const key in params) {
    keys.push(key);
    raws.push(params[key]);
  }
  const { order, names } = digestPlan(keys, direction);
  let out = '';
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const raw = raws[i];
    if (raw === null || raw === undefined || raw === '') continue;
    const value = typeof raw === 'string' ? raw : String(raw);
    if (value === '') continue;
    out += names[i] + '=' + value + passphrase;
  }
  return out;
}

/** Finds the SHASIGN of a parameter set whatever the case of its name (`SHASign`, `shasign`). */
export function findShaSign(params: Parameters): string | undefined {
  for (const key of Object.keys(params)) {
    if (key.toUpperCase() === 'SHASIGN') {
      const value = params[key];
      return value === null || value === undefined ? undefined : String(value);
    }
  }
  return undefined;
}

/**
 * Compares two hex digests case-insensitively in time that does not depend on where they
 * differ (only on their length, which is public: it follows from the algorithm).
 */
export function digestsEqual(expected: string, received: string): boolean {
  if (expected.length !== received.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= lowerAscii(expected.charCodeAt(i)) ^ lowerAscii(received.charCodeAt(i));
  return diff === 0;
}

/**
 * A–Z to a–z, every other code unchanged, without a branch on the value. Setting bit 0x20 on
 * everything would also make control characters 0x10–0x19 equal to the digits 0–9.
 */
function lowerAscii(code: number): number {
  // 1 when code is outside 65–90 (one of the differences is negative), else 0.
  const outside = ((code - 65) | (90 - code)) >>> 31;
  return code | ((outside ^ 1) << 5);
}

const WEB_CRYPTO_NAMES: Readonly<Record<HashAlgorithm, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

/** Signs with the Web Crypto API (browsers, Deno, Node ≥ 20) — asynchronous, isomorphic. */
export async function signWithWebCrypto(
  params: Parameters,
  options: { passphrase: string; algorithm: HashAlgorithm; direction: ShaDirection },
): Promise<string> {
  // Own properties only: "constructor" found Object and reached WebCrypto as an algorithm.
  if (!Object.hasOwn(WEB_CRYPTO_NAMES, options.algorithm))
    throw new TypeError(`algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, not ${JSON.stringify(options.algorithm)}`);
  const data = new TextEncoder().encode(shaString(params, options.passphrase, options.direction));
  const digest = await globalThis.crypto.subtle.digest(WEB_CRYPTO_NAMES[options.algorithm], data);
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex.toUpperCase();
}
