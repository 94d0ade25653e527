/**
 * Which cards a request lets the shopper pay with. EXCLPMLIST lists the payment methods and
 * brands "that should NOT be shown"; a card of one of them is refused with "Card number incorrect
 * or incompatible" (NCERROR 50001054), on DirectLink and on the payment page (DirectLink guide
 * §3.1.4; e-Commerce Advanced §10.1.3). BRAND, sent with PM to the payment page, "will only allow
 * payment by this payment method" (e-Commerce Advanced §10.1.1.1); PMLIST shows only the methods
 * it lists (§10.1.2). docs/ogone-protocol.md §13.
 */
import { param, type RequestParameters } from './params.ts';

/** Names compared as the guides print them, whatever their case and surrounding spaces. */
const key = (name: string) => name.trim().toLowerCase();

/** Whether EXCLPMLIST excludes a card of `brand`: its brand, or every card ("CreditCard"). */
export function excludedByList(params: RequestParameters, brand: string): boolean {
  const excluded = new Set(param(params, 'EXCLPMLIST').split(';').map(key));
  return excluded.has(key(brand)) || excluded.has('creditcard');
}

/**
 * Whether PMLIST, when sent, lets the page take a card of `brand`: "we will only show these
 * specific payment methods on our payment page" (e-Commerce Advanced §10.1.2) — its brand, or
 * every card ("CreditCard").
 */
function listedOnPage(params: RequestParameters, brand: string): boolean {
  const listed = param(params, 'PMLIST')
    .split(';')
    .map(key)
    .filter((name) => name !== '');
  return listed.length === 0 || listed.includes(key(brand)) || listed.includes('creditcard');
}

/** Whether the payment page may take a card of `brand`: listed (PMLIST) and not excluded, and the BRAND sent if any. */
export function allowedOnPage(params: RequestParameters, brand: string): boolean {
  const only = key(param(params, 'BRAND'));
  return listedOnPage(params, brand) && !excludedByList(params, brand) && (only === '' || only === key(brand));
}
