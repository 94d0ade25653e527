/**
 * Verifying our webhooks, for merchants. Usage (any Node framework; pass the raw body text, not
 * a re-serialised object — one changed byte changes the signature):
 *
 * ```ts
 * import { verifyWebhookSignature } from 'ogone-checkout/server/webhooks/verify.ts';
 * const result = verifyWebhookSignature({
 *   body: rawBodyText,
 *   header: request.headers['ogone-checkout-signature'],
 *   secret: process.env.WEBHOOK_SECRET,
 * });
 * if (!result.valid) return reply.status(400).send(result.reason);
 * const event = JSON.parse(rawBodyText); // { id, type, created, data }
 * // Deliveries are at-least-once: skip an event whose `id` you have already handled.
 * ```
 *
 * The header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; several `v1` values may
 * appear during a secret rotation, any one matching is enough. Signatures older than
 * `toleranceSeconds` (default 300) are refused to stop replays.
 */
import { timingSafeEqual } from 'node:crypto';
import { computeSignature, SIGNATURE_SCHEME, TIMESTAMP_KEY } from './signature.ts';

export interface VerifyWebhookOptions {
  body: string;
  header: string | null | undefined;
  secret: string;
  toleranceSeconds?: number;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}

export type WebhookVerification =
  | { valid: true; timestamp: number }
  | { valid: false; reason: 'missing header' | 'malformed header' | 'timestamp outside tolerance' | 'signature mismatch' };

export function verifyWebhookSignature(options: VerifyWebhookOptions): WebhookVerification {
  if (!options.header) return { valid: false, reason: 'missing header' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of options.header.split(',')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === TIMESTAMP_KEY && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === SIGNATURE_SCHEME && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: 'malformed header' };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return { valid: false, reason: 'timestamp outside tolerance' };
  const expected = Buffer.from(computeSignature(options.secret, timestamp, options.body), 'hex');
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || matched;
  return matched ? { valid: true, timestamp } : { valid: false, reason: 'signature mismatch' };
}
