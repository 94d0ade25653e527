/**
 * The parameters of a feedback (redirect and server-to-server), as the platform writes them:
 * the configured dynamic parameters with Ogone's mixed-case names (`orderID`, `amount`,
 * `currency`…), AMOUNT in major units without trailing zeros, TRXDATE as MM/DD/YY, the masked
 * card, COMPLUS echoed, PARAMPLUS parsed into its own parameters, then SHASIGN (SHA-OUT).
 * Sources: e-Commerce Advanced guide §9.2.3 (feedback parameters, COMPLUS / PARAMPLUS example),
 * docs/ogone-protocol.md §5; AMOUNT in major units, §2.
 */
import type { HashAlgorithm } from '../../../shared/signature.ts';
import { answerAmount } from '../amount.ts';
import { ACCEPTED_STATUSES, REFUSED_STATUSES } from '../outcomes.ts';
import { returnedCreditDebit } from '../payments.ts';
import { isShaOutName, signShaOut } from '../signature.ts';
import { paramPlusPairs, type PageCharset } from '../params.ts';
import type { Payment } from '../store.ts';

interface Field {
  /** The name as the platform writes it in a feedback. */
  readonly name: string;
  readonly value: (payment: Payment) => string;
}

/** In the order of the guide's example redirect ([ADV] §9.2.3.1), then the less common ones. */
const FIELDS: ReadonlyArray<readonly [string, Field]> = [
  ['ORDERID', { name: 'orderID', value: (p) => p.orderId }],
  ['CURRENCY', { name: 'currency', value: (p) => p.currency }],
  // Major units, not × 100: AMOUNT=150000 JPY comes back as amount=1500 (docs/ogone-protocol.md §2).
  ['AMOUNT', { name: 'amount', value: (p) => answerAmount(p.amount) }],
  ['PM', { name: 'PM', value: (p) => (p.card ? p.pm : '') }],
  ['ACCEPTANCE', { name: 'ACCEPTANCE', value: (p) => p.acceptance }],
  ['STATUS', { name: 'STATUS', value: (p) => String(p.status) }],
  ['CARDNO', { name: 'CARDNO', value: (p) => p.card?.cardNo ?? '' }],
  ['PAYID', { name: 'PAYID', value: (p) => p.payId }],
  ['NCERROR', { name: 'NCERROR', value: (p) => p.ncError }],
  ['BRAND', { name: 'BRAND', value: (p) => p.card?.brand ?? '' }],
  ['ED', { name: 'ED', value: (p) => p.card?.ed ?? '' }],
  ['TRXDATE', { name: 'TRXDATE', value: (p) => trxDate(p.trxDate) }],
  ['CN', { name: 'CN', value: (p) => p.card?.cn ?? '' }],
  ['PAYIDSUB', { name: 'PAYIDSUB', value: (p) => String(p.history.at(-1)?.payIdSub ?? 0) }],
  ['ECI', { name: 'ECI', value: (p) => p.eci }],
  ['IPCTY', { name: 'IPCTY', value: () => '99' }],
  ['CCCTY', { name: 'CCCTY', value: () => '99' }],
  ['CVCCHECK', { name: 'CVCCheck', value: (p) => (p.card ? 'NO' : '') }],
  ['AAVCHECK', { name: 'AAVCheck', value: (p) => (p.card ? 'NO' : '') }],
  ['VC', { name: 'VC', value: (p) => (p.card ? 'NO' : '') }],
  ['IP', { name: 'IP', value: (p) => p.ip }],
  // Alias Manager guide §2.5, remarque 2: in e-Commerce the alias comes back only when the
  // authorisation is accepted, or still refused after the last try — not for 52 / 92.
  ['ALIAS', { name: 'ALIAS', value: (p) => (ACCEPTED_STATUSES.has(p.status) || REFUSED_STATUSES.has(p.status) ? p.alias : '') }],
  ['EMAIL', { name: 'EMAIL', value: (p) => p.email }],
  // [ADV] §10.1.6: sent as C / D, "returned in the post-sale feedback" as CREDIT / DEBIT; on the
  // SHA-OUT list, and like every field sent only when selected (§9.2.3.2).
  ['CREDITDEBIT', { name: 'CREDITDEBIT', value: returnedCreditDebit }],
];

/** Dynamic parameters the sandbox can send (uppercase, as configured in the back office). */
export const SUPPORTED_DYNAMIC_PARAMETERS: ReadonlySet<string> = new Set(FIELDS.map(([key]) => key));

export type ParameterList = Array<[string, string]>;

/** TRXDATE as the platform writes it: MM/DD/YY (e-Commerce Advanced guide: "TRXDATE=12/25/08"). */
export function trxDate(date: Date): string {
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  return `${mm}/${dd}/${yy}`;
}

export interface FeedbackSigning {
  readonly dynamicParameters: readonly string[];
  readonly shaOut: string;
  readonly hashAlgorithm: HashAlgorithm;
}

/** `text` as ISO-8859-1 holds it: a character beyond it is "?". */
function inLatin1(text: string): string {
  let out = '';
  for (const char of text) out += char.charCodeAt(0) > 0xff ? '?' : char;
  return out;
}

/** The signed parameters of a payment's feedback, in order, ready for a query string or a body. */
export function feedbackParameters(payment: Payment, signing: FeedbackSigning): ParameterList {
  const selected = new Set(signing.dynamicParameters);
  const list: ParameterList = [];
  // A payment of the plain (ISO-8859-1) pages holds only what ISO-8859-1 can: anything else is "?".
  const text = payment.charset === 'latin1' ? inLatin1 : (value: string) => value;
  for (const [key, field] of FIELDS) if (selected.has(key)) list.push([field.name, text(field.value(payment))]);
  // COMPLUS comes back as a single value, inside SHA-OUT (e-Commerce Advanced §9.2.3.1).
  if (payment.comPlus !== '') list.push(['COMPLUS', text(payment.comPlus)]);
  // The sandbox's own SHA-OUT composition (docs/ogone-protocol.md §3, §13), not the signer's.
  const shaSignature = signShaOut(list, { passphrase: signing.shaOut, algorithm: signing.hashAlgorithm }, payment.charset);
  // PARAMPLUS is not echoed itself: its pairs become parameters of their own, outside SHA-OUT.
  // A pair named like a platform parameter is dropped: it could shadow one, and a receiver
  // would hash it into SHA-OUT where the platform did not.
  const taken = new Set([...list.map(([name]) => name.toUpperCase()), 'SHASIGN']);
  for (const [name, value] of paramPlusPairs(payment.paramPlus, payment.charset)) {
    if (name === '' || taken.has(name.toUpperCase()) || isShaOutName(name)) continue;
    taken.add(name.toUpperCase());
    list.push([text(name), text(value)]);
  }
  list.push(['SHASIGN', shaSignature]);
  return list;
}

/** Appends parameters to a URL's query string (keeping the query it already has). */
export function withParameters(url: string, parameters: ReadonlyArray<readonly [string, string]>, charset: PageCharset = 'utf-8'): string {
  // Appended to the merchant's query as written: URLSearchParams would re-encode all of it.
  const target = new URL(url);
  const own = target.search.slice(1);
  const added = encodeParameters(parameters, charset);
  target.search = own === '' ? added : added === '' ? own : `${own}&${added}`;
  return target.toString();
}

/**
 * application/x-www-form-urlencoded in the payment's charset: UTF-8 for the `_utf8` pages, one
 * byte per character for the plain ones, whose feedback is ISO-8859-1 ([ADV] §12) — `Zoë` is
 * `Zo%C3%AB` from the former, `Zo%EB` from the latter.
 */
export function encodeParameters(parameters: ReadonlyArray<readonly [string, string]>, charset: PageCharset = 'utf-8'): string {
  if (charset === 'utf-8') return new URLSearchParams(parameters as Array<[string, string]>).toString();
  const component = (text: string) => {
    let out = '';
    for (const char of text) {
      const code = char.charCodeAt(0);
      if (/[A-Za-z0-9*\-._]/.test(char)) out += char;
      else if (char === ' ') out += '+';
      else out += `%${(code > 0xff ? 0x3f : code).toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  return parameters.map(([name, value]) => `${component(name)}=${component(value)}`).join('&');
}
