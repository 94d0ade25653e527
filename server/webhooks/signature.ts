/**
 * Webhook signatures: header `Ogone-Checkout-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 (key = WEBHOOK_SECRET) over `${t}.${body}` — the exact bytes of the JSON body.
 * The timestamp inside the signed string stops an old delivery from being replayed later.
 * While WEBHOOK_SECRET_PREVIOUS is set (a secret rotation), the header carries one `v1` per
 * secret, the current one first: a verifier holding either accepts the delivery.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Ogone-Checkout-Signature';
/** The header's keys: the timestamp, and the signature scheme (a new scheme would add a key). */
export const TIMESTAMP_KEY = 't';
export const SIGNATURE_SCHEME = 'v1';

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The secrets a delivery is signed with: WEBHOOK_SECRET, then WEBHOOK_SECRET_PREVIOUS while a
 * rotation is under way (server-config.ts `webhookSecretPrevious`).
 */
export function signingSecrets(secret: string, previous?: string): [string, ...string[]] {
  return previous ? [secret, previous] : [secret];
}

/**
 * The header value for `body` sent at `timestamp` (seconds since the epoch): one `v1` per secret,
 * in the order given. The one place the server builds it (deliveries, pings, doctor's ping).
 */
export function signatureHeader(secrets: readonly [string, ...string[]], timestamp: number, body: string): string {
  const signatures = secrets.map((secret) => `${SIGNATURE_SCHEME}=${computeSignature(secret, timestamp, body)}`);
  return [`${TIMESTAMP_KEY}=${timestamp}`, ...signatures].join(',');
}
