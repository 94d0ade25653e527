/**
 * Checks a hosted payment page request like the platform, answering with its own error texts
 * (e-Commerce Advanced guide, appendix "Troubleshooting"; docs/ogone-protocol.md §13):
 * ORDERID is checked first (so an empty POST says "no ORDERID"), then the PSPID, the SHA-IN
 * signature, the amount, the currency and the documented maximum lengths. Before all of them, a
 * request naming a parameter twice is refused (our rule, docs/ogone-protocol.md §3 and §14).
 */
import { isCurrency } from '../../../shared/money.ts';
import { readRequestAmount } from '../amount.ts';
import { toBcp47 } from '../../../shared/languages.ts';
import type { HashAlgorithm } from '../../../shared/signature.ts';
import { hasPageTexts } from '../html/locales/index.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { param, repeatedParameter, type PageCharset, type RequestParameters } from '../params.ts';
import { verifyShaIn } from '../signature.ts';

/**
 * Maximum lengths (docs/ogone-protocol.md §4; DirectLink guide for PSPID), the hosted page's and
 * DirectLink's new order's alike (directlink/order.ts).
 * CURRENCY is 3 (ISO alpha): longer gives "currency too long", the guide's own example.
 * On purpose not shared/parameter-lengths.ts: taken from the Parameter Cookbook's formats (docs/facts.md).
 */
export const MAX_LENGTHS: ReadonlyArray<readonly [string, number]> = [
  ['PSPID', 30],
  ['ORDERID', 40],
  ['CURRENCY', 3],
  ['CN', 35],
  ['EMAIL', 50],
  ['OWNERADDRESS', 50],
  ['OWNERZIP', 10],
  ['OWNERTOWN', 40],
  ['OWNERCTY', 2],
  ['OWNERTELNO', 30],
  ['COM', 100],
  ['ACCEPTURL', 255],
  ['DECLINEURL', 255],
  ['EXCEPTIONURL', 255],
  ['CANCELURL', 255],
  ['BACKURL', 255],
  ['ALIAS', 50],
];

const OPERATIONS = new Set(['RES', 'SAL', 'PAU']);
const BRANDS = new Set(['VISA', 'MASTERCARD', 'AMERICAN EXPRESS']);

export interface HostedRequest {
  readonly orderId: string;
  /** AMOUNT as received: the amount × 100, i.e. hundredths of the major unit (¥1,500 is 150000). */
  readonly amount: number;
  readonly currency: string;
  /** LANGUAGE as sent when the sandbox has texts for its language part, else `en_US`. */
  readonly language: string;
}

export type HostedValidation = { ok: true; request: HostedRequest } | { ok: false; message: string };

export interface HostedAccount {
  readonly pspid: string;
  readonly shaIn: string;
  readonly hashAlgorithm: HashAlgorithm;
}

export function validateHostedRequest(params: RequestParameters, account: HostedAccount, charset: PageCharset): HostedValidation {
  const fail = (message: string): HostedValidation => ({ ok: false, message });
  // Before anything else: with a name twice, which value was signed is ambiguous (§3).
  const repeated = repeatedParameter(params);
  if (repeated !== undefined) return fail(PLATFORM_ERRORS.repeated(repeated));
  const orderId = param(params, 'ORDERID');
  if (orderId === '') return fail(PLATFORM_ERRORS.missing('ORDERID'));
  const pspid = param(params, 'PSPID');
  if (pspid === '') return fail(PLATFORM_ERRORS.missing('PSPID'));
  if (pspid !== account.pspid) return fail(PLATFORM_ERRORS.pspidNotFound);

  const signature = verifyShaIn(params, { passphrase: account.shaIn, algorithm: account.hashAlgorithm }, charset);
  if (!signature.valid) return fail(signature.reason === 'missing' ? PLATFORM_ERRORS.shaMissing : PLATFORM_ERRORS.shaMismatch);

  const amount = param(params, 'AMOUNT');
  if (amount === '') return fail(PLATFORM_ERRORS.missing('AMOUNT'));
  // The amount × 100 for every currency: digits only, at most 15 (docs/ogone-protocol.md §2).
  const hundredths = readRequestAmount(amount);
  if (hundredths === undefined) return fail(PLATFORM_ERRORS.amount(amount));

  const currency = param(params, 'CURRENCY');
  if (currency === '') return fail(PLATFORM_ERRORS.missing('CURRENCY'));
  for (const [name, max] of MAX_LENGTHS) {
    if (param(params, name).length > max) return fail(PLATFORM_ERRORS.tooLong(name));
  }
  if (!isCurrency(currency)) return fail(PLATFORM_ERRORS.currency(currency));

  const operation = param(params, 'OPERATION');
  if (operation !== '' && !OPERATIONS.has(operation)) return fail(PLATFORM_ERRORS.operation);
  // Compared trimmed: the guide's own example sends PM "CreditCard " ([ADV] §10.1.1.1).
  const pm = param(params, 'PM').trim();
  if (pm !== '' && pm.toLowerCase() !== 'creditcard') return fail(PLATFORM_ERRORS.paymentMethod(pm));
  const brand = param(params, 'BRAND').trim();
  if (brand !== '' && !BRANDS.has(brand.toUpperCase())) return fail(PLATFORM_ERRORS.paymentMethod(brand));

  // LANGUAGE is one of the mandatory parameters ([ADV] §6.2): empty, "no LANGUAGE" as for the
  // others (review r960).
  const requested = param(params, 'LANGUAGE');
  if (requested === '') return fail(PLATFORM_ERRORS.missing('LANGUAGE'));
  return { ok: true, request: { orderId, amount: hundredths, currency, language: pageLanguage(requested) } };
}

/**
 * The card page's language. LANGUAGE is "Language of the customer, for example: en_US, nl_NL,
 * fr_FR" ([ADV] §6.2.1): examples, not a closed list, so a code is kept whenever the sandbox has
 * texts for its language part — `fr_BE`, `fr_CH` get French, `de_CH` German, the amount shown
 * for their region (review r1363: any code outside our signer's list used to get English). A code
 * whose language it has no texts for, or that is no well-formed tag, gets English
 * (docs/ogone-protocol.md §13, §14).
 */
function pageLanguage(requested: string): string {
  if (!hasPageTexts(requested)) return 'en_US';
  try {
    Intl.getCanonicalLocales(toBcp47(requested));
    return requested;
  } catch {
    return 'en_US';
  }
}
