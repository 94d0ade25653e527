/**
 * The merchants' webhook verifier in @ogone-checkout/shared (WebCrypto, no Node API) accepts
 * exactly what the server signs (server/webhooks/signature.ts, node:crypto) and refuses what
 * the server's own verifier refuses, for the same reasons.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SIGNATURE_HEADER, signatureHeader } from '../../../server/webhooks/signature.ts';
import { verifyWebhookSignature as verifyWithNode } from '../../../server/webhooks/verify.ts';
import { parseSignatureHeader, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../../../shared/webhooks/verify.ts';

const SECRET = 'whsec_0123456789abcdef0123456789';
const body = JSON.stringify({ id: 'evt_1', type: 'payment.captured', created: 1_764_633_600, livemode: false, data: { amount: 1999 } });
const t = 1_764_633_600;

describe('verifyWebhookSignature (WebCrypto)', () => {
  it('accepts the server’s signature and refuses a changed body, another secret, an old timestamp', async () => {
    const header = signatureHeader([SECRET], t, body);
    assert.deepEqual(await verifyWebhookSignature({ body, header, secret: SECRET, now: t + 10 }), { valid: true, timestamp: t });
    assert.deepEqual(await verifyWebhookSignature({ body: body.replace('1999', '1'), header, secret: SECRET, now: t }), {
      valid: false,
      reason: 'signature mismatch',
    });
    assert.deepEqual(await verifyWebhookSignature({ body, header, secret: 'another-secret-of-length', now: t }), {
      valid: false,
      reason: 'signature mismatch',
    });
    assert.deepEqual(await verifyWebhookSignature({ body, header, secret: SECRET, now: t + 301 }), {
      valid: false,
      reason: 'timestamp outside tolerance',
    });
    assert.deepEqual(await verifyWebhookSignature({ body, header: undefined, secret: SECRET }), { valid: false, reason: 'missing header' });
    assert.deepEqual(await verifyWebhookSignature({ body, header: 'v1=abc', secret: SECRET }), {
      valid: false,
      reason: 'malformed header',
    });
  });

  it('accepts any one matching v1 during a secret rotation', async () => {
    const old = signatureHeader(['the-old-secret-0123456789'], t, body).split(',')[1]!;
    const rotated = `${signatureHeader([SECRET], t, body)},${old}`;
    assert.equal((await verifyWebhookSignature({ body, header: rotated, secret: SECRET, now: t })).valid, true);
    assert.equal((await verifyWebhookSignature({ body, header: rotated, secret: 'the-old-secret-0123456789', now: t })).valid, true);
    assert.deepEqual(parseSignatureHeader(rotated)?.signatures.length, 2);
  });

  it('names the same header as the server', () => {
    assert.equal(WEBHOOK_SIGNATURE_HEADER, SIGNATURE_HEADER);
  });

  it('agrees with the server’s node:crypto verifier on any body, secret and tampering', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.boolean(),
        fc.integer({ min: -400, max: 400 }),
        async (text, secret, tamper, skew) => {
          const header = signatureHeader([secret], t, text);
          const received = tamper ? `${text}x` : text;
          const options = { body: received, header, secret, now: t + skew };
          assert.deepEqual(await verifyWebhookSignature(options), verifyWithNode(options));
        },
      ),
      { numRuns: 200 },
    );
  });
});
