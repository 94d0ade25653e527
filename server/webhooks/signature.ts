/**
 * Webhook signatures: header `Ogone-Checkout-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 (key = WEBHOOK_SECRET) over `${t}.${body}` — the exact bytes of the JSON body.
 * The timestamp inside the signed string stops an old delivery from being replayed later.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ogone-Checkout-Signature';
/** The header's keys: the timestamp, and the signature scheme (a new scheme would add a key). */
export const TIMESTAMP_KEY = 't';
export const SIGNATURE_SCHEME = 'v1';

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` sent at `timestamp` (seconds since the epoch). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `${TIMESTAMP_KEY}=${timestamp},${SIGNATURE_SCHEME}=${computeSignature(secret, timestamp, body)}`;
}
