/**
 * ORDERIDs: fresh for every attempt (Ogone refuses a second payment of a paid ORDERID), at most
 * 40 characters of letters, digits and `- _ . / :` (docs/ogone-protocol.md §4).
 * With a merchant reference the ORDERID starts with it so the Ogone back office shows it.
 */
import { ORDERID_FORBIDDEN, ORDERID_MAX_LENGTH } from '../../shared/order-id.ts';
import { randomToken } from '../ids.ts';

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYmmddHHMMSS, like Odoo's
}

export function newOrderId(now: Date, merchantReference?: string | null): string {
  const suffix = randomToken(8);
  if (merchantReference) {
    const head = merchantReference.replace(ORDERID_FORBIDDEN, '').slice(0, ORDERID_MAX_LENGTH - suffix.length - 1);
    if (head) return `${head}-${suffix}`;
  }
  return `OC${stamp(now)}-${suffix}`;
}
