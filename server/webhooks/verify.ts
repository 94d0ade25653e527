/**
 * Verifying our webhooks synchronously with node:crypto: what the server's own tests and the demo
 * shop's receiver use. Merchants use the WebCrypto verifier of `@ogone-checkout/shared/webhooks`
 * (shared/webhooks/verify.ts, also `ogone-checkout/webhooks`), which reads the header with the
 * same parser and gives the same answers (test/shared/webhooks/verify.test.ts), asynchronously.
 *
 * The header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; several `v1` values may
 * appear during a secret rotation, any one matching is enough. Signatures older than
 * `toleranceSeconds` (default 300) are refused to stop replays.
 */
import { timingSafeEqual } from 'node:crypto';
import { precheckWebhook, webhookSecretOf, type VerifyWebhookOptions, type WebhookVerification } from '../../shared/webhooks/verify.ts';
import { computeSignature } from './signature.ts';

export type { VerifyWebhookOptions, WebhookVerification };

export function verifyWebhookSignature(options: VerifyWebhookOptions): WebhookVerification {
  const parsed = precheckWebhook(options);
  if ('refused' in parsed) return parsed.refused;
  const expected = Buffer.from(computeSignature(webhookSecretOf(options.secret), parsed.timestamp, options.body), 'hex');
  let matched = false;
  for (const signature of parsed.signatures) matched = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || matched;
  return matched ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: 'signature mismatch' };
}
