/**
 * The sandbox's own SHA composition, written from the guides and not from the signer's code, so
 * that a signer bug shows up as a refusal here as it would on the platform (docs/ogone-protocol.md
 * §3, §13): e-Commerce Advanced guide §11 "Appendix: SHA", DirectLink guide §3.5.
 * - only the names of the printed lists enter the digest (SHA-IN for what merchants send,
 *   SHA-OUT for the feedback the sandbox sends), `ITEMID*XX*` standing for ITEMID1, ITEMID2…;
 *   SHASIGN is on neither list;
 * - names uppercased, empty values left out, values as received;
 * - names sorted like the printed lists: punctuation (`_`, `.`) before digits before letters,
 *   i.e. the ICU root collation the platform's own SDK sorts with — the members of a numbered
 *   entry by their number, ITEMNAME9 before ITEMNAME10 ([ADV] §10.5);
 * - `NAME=value` + passphrase after every pair; SHA-1/256/512 as hex, compared without regard
 *   to case, in constant time.
 * The `_utf8` pages hash UTF-8; the plain pages hash the ISO-8859-1 bytes they decoded, which is
 * what makes accented names fail there for merchants who sign UTF-8 (odoo/odoo#32575).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PageCharset, RequestParameters } from './params.ts';
import { SHA_IN_LIST_TEXT } from './sha/sha-in-list.ts';
import { SHA_OUT_LIST_TEXT } from './sha/sha-out-list.ts';

export type ShaAlgorithm = 'sha1' | 'sha256' | 'sha512';

interface NameList {
  readonly names: ReadonlySet<string>;
  /** The `NAME*XX*` entries: the name followed by a number. */
  readonly families: RegExp;
}

function parseList(text: string): NameList {
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (word.endsWith('*XX*')) prefixes.push(word.slice(0, -'*XX*'.length).replace(/[.]/g, '\\.'));
    else names.add(word);
  }
  return { names, families: new RegExp(prefixes.length > 0 ? `^(?:${prefixes.join('|')})[0-9]+$` : '^(?!)') };
}

const SHA_IN_LIST = parseList(SHA_IN_LIST_TEXT);
const SHA_OUT_LIST = parseList(SHA_OUT_LIST_TEXT);

function listed(list: NameList, upperName: string): boolean {
  return list.names.has(upperName) || list.families.test(upperName);
}

/** Whether the platform hashes this name into the SHASIGN of a feedback. */
export function isShaOutName(name: string): boolean {
  return listed(SHA_OUT_LIST, name.toUpperCase());
}

const collator = new Intl.Collator('und', { usage: 'sort', sensitivity: 'variant', ignorePunctuation: false, numeric: false });

/** A `NAME*XX*` entry's name and number: `ITEMNAME10` → ['ITEMNAME', 10n]. */
function familyMember(list: NameList, upperName: string): readonly [string, bigint] | undefined {
  if (!list.families.test(upperName)) return undefined;
  const digits = /[0-9]+$/.exec(upperName)![0];
  return [upperName.slice(0, -digits.length), BigInt(digits)];
}

/**
 * The list's order, but "a 'logical' ascending order is put in place for the line item fields …
 * ITEMNAME1, ITEMNAME2, … ITEMNAME7, etc." ([ADV] §10.5): two members of one `NAME*XX*` entry
 * go by their number (ITEMNAME9 before ITEMNAME10), everything else by the collation.
 */
function listOrder(list: NameList): (a: string, b: string) => number {
  return (a, b) => {
    const x = familyMember(list, a);
    const y = familyMember(list, b);
    if (x && y && x[0] === y[0] && x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
    return collator.compare(a, b);
  };
}

/** The string the platform hashes for these parameters and this list. */
export function stringToHash(pairs: Iterable<readonly [string, string]>, list: 'in' | 'out', passphrase: string): string {
  const names = list === 'in' ? SHA_IN_LIST : SHA_OUT_LIST;
  const kept: Array<readonly [string, string]> = [];
  for (const [name, value] of pairs) {
    const upper = name.toUpperCase();
    if (value !== '' && listed(names, upper)) kept.push([upper, value]);
  }
  const order = listOrder(names);
  kept.sort((a, b) => order(a[0], b[0]));
  let text = '';
  for (const [name, value] of kept) text += `${name}=${value}${passphrase}`;
  return text;
}

function digest(text: string, algorithm: ShaAlgorithm, encoding: 'utf8' | 'latin1'): string {
  return createHash(algorithm).update(text, encoding).digest('hex').toUpperCase();
}

/**
 * The SHASIGN of a feedback the sandbox sends (SHA-OUT), over the text in the charset of the page
 * the payment came through: "If the merchant calls the UTF-8 payment page, all encoding for SHA
 * will be done from a UTF-8 encoded string, for SHA-IN and for SHA-OUT"; ISO otherwise ([ADV] §12).
 */
export function signShaOut(
  pairs: Iterable<readonly [string, string]>,
  account: { passphrase: string; algorithm: ShaAlgorithm },
  charset: PageCharset = 'utf-8',
): string {
  return digest(stringToHash(pairs, 'out', account.passphrase), account.algorithm, charset === 'utf-8' ? 'utf8' : 'latin1');
}

export type ShaInCheck = { valid: true } | { valid: false; reason: 'missing' | 'mismatch' };

/**
 * Checks a merchant request's SHASIGN. A passphrase is always configured in the sandbox, so no
 * SHASIGN is "unknown order/0/s" and any other difference "unknown order/1/s" (the guides have
 * only these two answers: a digest of the wrong length or not hex is a mismatch).
 */
export function verifyShaIn(
  params: RequestParameters,
  account: { passphrase: string; algorithm: ShaAlgorithm },
  charset: PageCharset,
): ShaInCheck {
  let received = '';
  for (const name of Object.keys(params)) if (name.toUpperCase() === 'SHASIGN') received = params[name] ?? '';
  if (received === '') return { valid: false, reason: 'missing' };
  if (!/^[0-9A-Fa-f]+$/.test(received)) return { valid: false, reason: 'mismatch' };
  const expected = digest(
    stringToHash(Object.entries(params), 'in', account.passphrase),
    account.algorithm,
    charset === 'utf-8' ? 'utf8' : 'latin1',
  );
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(received.toUpperCase(), 'latin1');
  return a.length === b.length && timingSafeEqual(a, b) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
