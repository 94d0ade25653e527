/**
 * Checks a FlexCheckout request before the page is shown (docs/ogone-protocol.md §15). The guide
 * prints no error texts of its own, so the sandbox answers with the platform's e-Commerce texts
 * for the same faults (hosted/validate.ts), naming FlexCheckout's fields: a name given twice,
 * then ACCOUNT.PSPID (missing, unknown), the signature (missing `unknown order/0/s`, wrong
 * `unknown order/1/s`), the mandatory return URLs and CARD.PAYMENTMETHOD, the lengths of §3.1,
 * the payment method and brand. Nothing is redirected: the request is not to be trusted.
 */
import { param, repeatedParameter, type RequestParameters } from '../params.ts';
import type { ShaAlgorithm } from '../signature.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { MAX_LENGTHS, verifyFlexShaIn } from './protocol.ts';

/** CARD.BRAND values the sandbox's cards have (cards.ts), uppercase. */
const BRANDS = new Set(['VISA', 'MASTERCARD', 'AMERICAN EXPRESS']);

export interface FlexAccount {
  readonly pspid: string;
  readonly shaIn: string;
  readonly hashAlgorithm: ShaAlgorithm;
}

export type FlexValidation = { ok: true } | { ok: false; message: string };

export function validateFlexRequest(params: RequestParameters, account: FlexAccount): FlexValidation {
  const fail = (message: string): FlexValidation => ({ ok: false, message });
  const repeated = repeatedParameter(params);
  if (repeated !== undefined) return fail(PLATFORM_ERRORS.repeated(repeated));
  const pspid = param(params, 'ACCOUNT.PSPID');
  if (pspid === '') return fail(PLATFORM_ERRORS.missing('ACCOUNT.PSPID'));
  if (pspid !== account.pspid) return fail(PLATFORM_ERRORS.pspidNotFound);
  const signature = verifyFlexShaIn(params, { passphrase: account.shaIn, algorithm: account.hashAlgorithm });
  if (!signature.valid) return fail(signature.reason === 'missing' ? PLATFORM_ERRORS.shaMissing : PLATFORM_ERRORS.shaMismatch);
  for (const name of ['PARAMETERS.ACCEPTURL', 'PARAMETERS.EXCEPTIONURL', 'CARD.PAYMENTMETHOD']) {
    if (param(params, name) === '') return fail(PLATFORM_ERRORS.missing(name));
  }
  for (const [name, max] of MAX_LENGTHS) {
    if (param(params, name).length > max) return fail(PLATFORM_ERRORS.tooLong(name));
  }
  for (const name of ['PARAMETERS.ACCEPTURL', 'PARAMETERS.EXCEPTIONURL']) {
    if (!URL.canParse(param(params, name))) return fail(`${name.toLowerCase()} not a valid URL`);
  }
  // The sandbox knows cards only (guide §3.1 also lists DirectDebit, not emulated).
  const method = param(params, 'CARD.PAYMENTMETHOD');
  if (method.toLowerCase() !== 'creditcard') return fail(PLATFORM_ERRORS.paymentMethod(method));
  const brand = param(params, 'CARD.BRAND');
  if (brand !== '' && !BRANDS.has(brand.toUpperCase())) return fail(PLATFORM_ERRORS.paymentMethod(brand));
  const permanently = param(params, 'ALIAS.STOREPERMANENTLY');
  if (permanently !== '' && permanently !== 'Y' && permanently !== 'N') return fail(`alias.storepermanently not Y or N: ${permanently}`);
  return { ok: true };
}
