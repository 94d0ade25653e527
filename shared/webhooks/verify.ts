/**
 * Verifying ogone-checkout's webhooks, for merchants, with WebCrypto only: the same code runs in
 * Node ≥ 20, Deno, Bun, Cloudflare Workers and a browser. Usage (pass the raw body text, not a
 * re-serialised object — one changed byte changes the signature):
 *
 * ```ts
 * import { verifyWebhookSignature } from '@ogone-checkout/shared/webhooks';
 * const result = await verifyWebhookSignature({
 *   body: rawBodyText,
 *   header: request.headers.get('ogone-checkout-signature'),
 *   secret: process.env.WEBHOOK_SECRET,
 * });
 * if (!result.valid) return new Response(result.reason, { status: 400 });
 * const event = JSON.parse(rawBodyText); // { id, type, created, livemode, data }
 * // Deliveries are at-least-once: skip an event whose `id` you have already handled.
 * ```
 *
 * The header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; several `v1` values may
 * appear during a secret rotation (the server's WEBHOOK_SECRET_PREVIOUS), any one matching is enough. Signatures older than
 * `toleranceSeconds` (default 300) are refused to stop replays. The server signs with
 * node:crypto (server/webhooks/signature.ts); this is the same HMAC through `crypto.subtle`.
 */

/** The request header carrying the signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'Ogone-Checkout-Signature';

export interface VerifyWebhookOptions {
  body: string;
  header: string | null | undefined;
  /** WEBHOOK_SECRET; ASCII blanks around it are ignored, as the server ignores them (webhookSecretOf). */
  secret: string;
  toleranceSeconds?: number;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}

export type WebhookVerification =
  | { valid: true; timestamp: number }
  | {
      valid: false;
      reason: 'missing secret' | 'missing header' | 'malformed header' | 'timestamp outside tolerance' | 'signature mismatch';
    };

export interface ParsedSignatureHeader {
  timestamp: number;
  /** Lower-case hex HMAC-SHA256 values (`v1=`), one per secret during a rotation. */
  signatures: string[];
}

/** Reads `t=…,v1=…[,v1=…]`; undefined when there is no timestamp or no well-formed `v1`. */
export function parseSignatureHeader(header: string): ParsedSignatureHeader | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** ASCII blanks at either end: what every verifier removes (PHP's trim and Python's strip given these). */
const ASCII_BLANKS = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/**
 * WEBHOOK_SECRET as the server and every verifier use it: without ASCII blanks at either end (a
 * secret file's trailing newline, review r1010). Any other invisible character there (a byte
 * order mark, a no-break space) the server refuses at start: verifiers in other languages trim
 * those differently, or not at all (review r1030).
 */
export function webhookSecretOf(secret: string): string {
  return secret.replace(ASCII_BLANKS, '');
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>` keyed with `secret`. */
export async function computeWebhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)));
}

/** Compares every character whatever the first difference, so timing reveals nothing. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * The header's timestamp and signatures, or why the delivery is refused before its HMAC is
 * computed (`refused`): no secret (an empty key is one anyone knows — `process.env.WEBHOOK_SECRET`
 * unset, say — or only blanks, which the server ignores around a secret), no header or a malformed one, a timestamp outside the tolerance — a tolerance or
 * clock that is not a number (NaN from an unset variable) refuses rather than switching the
 * replay check off.
 */
export function precheckWebhook(
  options: VerifyWebhookOptions,
): { refused: Extract<WebhookVerification, { valid: false }> } | { timestamp: number; signatures: string[] } {
  if (!options.secret || !webhookSecretOf(options.secret)) return { refused: { valid: false, reason: 'missing secret' } };
  if (!options.header) return { refused: { valid: false, reason: 'missing header' } };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) return { refused: { valid: false, reason: 'malformed header' } };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!(Math.abs(now - parsed.timestamp) <= (options.toleranceSeconds ?? 300))) {
    return { refused: { valid: false, reason: 'timestamp outside tolerance' } };
  }
  return parsed;
}

export async function verifyWebhookSignature(options: VerifyWebhookOptions): Promise<WebhookVerification> {
  const parsed = precheckWebhook(options);
  if ('refused' in parsed) return parsed.refused;
  // As the server reads WEBHOOK_SECRET: a secret file's trailing newline on both sides refused
  // every genuine delivery (review r1010).
  const expected = await computeWebhookSignature(webhookSecretOf(options.secret), parsed.timestamp, options.body);
  let matched = false;
  for (const signature of parsed.signatures) matched = constantTimeEqual(expected, signature) || matched;
  return matched ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: 'signature mismatch' };
}
