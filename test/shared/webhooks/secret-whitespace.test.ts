/**
 * Review r1010. The server trims WEBHOOK_SECRET (config/env.ts optionalText) and signs with the trimmed
 * value; the merchant's verifier (`ogone-checkout/webhooks`, shared/webhooks/verify.ts — and the
 * README's PHP and Python ones) takes the secret as given. The same secret handed to both sides
 * with a trailing newline — a Kubernetes / Docker secret file, `$(cat secret)` in one place and
 * a raw read in the other, an env file line with a trailing space — and every genuine delivery
 * is refused "signature mismatch", for 72 hours, then abandoned. Either side must do what the
 * other does: refuse a secret with surrounding whitespace at start (as a bare "%" in WEBHOOK_URL
 * is refused), or have the helper trim it too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { signatureHeader } from '../../../server/webhooks/signature.ts';
import { verifyWebhookSignature } from '../../../shared/webhooks/verify.ts';
import { TEST_ENV } from '../../support/accounts.ts';

describe('a WEBHOOK_SECRET with a trailing newline', () => {
  it('is either refused by the server or verified by the merchant helper with the same value', async () => {
    const secret = 'whsec_0123456789abcdef0123\n'; // as read from a secret file
    let config: ReturnType<typeof parseServerConfig> | undefined;
    try {
      config = parseServerConfig({ ...TEST_ENV, WEBHOOK_URL: 'https://shop.example.com/hooks', WEBHOOK_SECRET: secret });
    } catch {
      return; // refused at start: the operator is told
    }
    const body = JSON.stringify({ id: 'evt_1', type: 'payment.captured', created: '2025-01-01T00:00:00.000Z', livemode: false, data: {} });
    const t = 1_750_000_000;
    // What the dispatcher sends (dispatcher.ts postEvent signs with config.webhookSecret).
    const header = signatureHeader([config.webhookSecret!], t, body);
    const check = await verifyWebhookSignature({ body, header, secret, now: t });
    assert.deepEqual(check, { valid: true, timestamp: t }, 'the server started, and signs with another secret than the one it was given');
  });
});

describe('a WEBHOOK_SECRET ending with a flag emoji', () => {
  // England's flag: U+1F3F4, then tag characters (\p{Cf}) up to CANCEL TAG U+E007F. Visible, and
  // kept alike by every verifier: refused once as "an invisible character" (review r1060).
  const ENGLAND = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
  it('is accepted, and a delivery signed with it verifies', async () => {
    const secret = `whsec_0123456789abcdef_${ENGLAND}`;
    const config = parseServerConfig({ ...TEST_ENV, WEBHOOK_URL: 'https://shop.example.com/hooks', WEBHOOK_SECRET: secret });
    assert.equal(config.webhookSecret, secret);
    const now = 1_750_000_000;
    const body = '{"id":"evt_1"}';
    const header = signatureHeader([config.webhookSecret!], now, body);
    assert.equal((await verifyWebhookSignature({ body, header, secret, now })).valid, true);
  });
});
