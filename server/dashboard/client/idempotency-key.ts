/**
 * A fresh Idempotency-Key: 128 random bits in hex (the server takes any 1 to 255 characters).
 * `crypto.randomUUID` exists only in secure contexts (https, localhost): a dashboard opened over
 * http at another host name — a staging box on the test platform — threw on every money action
 * and POST (review r1190). `getRandomValues` exists in every context.
 */
export function newIdempotencyKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
