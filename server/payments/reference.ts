/**
 * ORDERIDs: fresh for every attempt (Ogone refuses a second payment of a paid ORDERID), at most
 * 40 characters of letters, digits and `- _ . / :` (docs/ogone-protocol.md §4).
 * With a merchant reference the ORDERID starts with it so the Ogone back office shows it.
 */
import { ORDERID_FORBIDDEN, ORDERID_MAX_LENGTH } from '../../shared/order-id.ts';
import { createHash } from 'node:crypto';
import { randomToken } from '../ids.ts';
import { isoTime } from './iso-time.ts';

/** YYYYmmddHHMMSS (UTC), like Odoo's. */
function stamp(now: Date): string {
  // Formatted once a second (iso-time.ts); the payment's createdAt reuses it.
  const iso = isoTime(now);
  // YYYY-MM-DDTHH:MM:SS.sssZ: picked by position, cheaper than a global replace on every attempt.
  // A six-digit year (+010000-…) has another layout: the replace handles it as it always did.
  if (iso.length !== 24) return iso.replace(/[-:T]/g, '').slice(0, 14);
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

export function newOrderId(now: Date, merchantReference?: string | null): string {
  const suffix = randomToken(8);
  if (merchantReference) {
    const head = merchantReference.replace(ORDERID_FORBIDDEN, '').slice(0, ORDERID_MAX_LENGTH - suffix.length - 1);
    if (head) return `${head}-${suffix}`;
  }
  return `OC${stamp(now)}-${suffix}`;
}

/**
 * The ORDERID of a request that carries no reference but an Idempotency-Key (a merchant's charge
 * of a saved card): the same for every retry of that key on that card, so a retry after an answer
 * that never came reaches the platform as the same order — refused as a duplicate (50001113,
 * DirectLink guide §3.4), never charged twice. 36 characters: `OCK-` and 128 bits of SHA-256.
 */
export function orderIdForKey(scope: string, idempotencyKey: string): string {
  return `OCK-${createHash('sha256').update(`${scope}\u0000${idempotencyKey}`).digest('hex').slice(0, 32).toUpperCase()}`;
}

/**
 * The ORDERID a merchant's charge under an Idempotency-Key and no reference names: the key's,
 * whichever saved card the request names. Scoped to the card (`orderIdForKey(aliasId, key)`, as
 * charges made before were), the key sent again for another card named another order — a second
 * card charged under one key, its retry's safety (review r1765).
 */
export function chargeOrderIdForKey(idempotencyKey: string): string {
  return orderIdForKey('charge', idempotencyKey);
}
