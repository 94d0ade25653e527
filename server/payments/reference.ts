/**
 * ORDERIDs: fresh for every attempt (Ogone refuses a second payment of a paid ORDERID), at most
 * 40 characters of letters, digits and `- _ . / :` (docs/ogone-protocol.md §4).
 * With a merchant reference the ORDERID starts with it so the Ogone back office shows it.
 */
import { randomToken } from '../ids.ts';

const MAX_ORDERID = 40;

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYmmddHHMMSS, like Odoo's
}

export function newOrderId(now: Date, merchantReference?: string | null): string {
  const suffix = randomToken(8);
  if (merchantReference) {
    const head = merchantReference.replace(/[^A-Za-z0-9_\-./:]/g, '').slice(0, MAX_ORDERID - suffix.length - 1);
    if (head) return `${head}-${suffix}`;
  }
  return `OC${stamp(now)}-${suffix}`;
}
