/**
 * The automatic give-back's own Idempotency-Keys ("duplicate-payment", "setup-verification" and
 * their ":<n>" tries, maintenance/give-back-key.ts) are refused on the merchant's capture, refund
 * and cancel. Accepted, a merchant's partial refund of a duplicate sent under "duplicate-payment"
 * was the give-back's first try as far as the give-back could tell: it sent nothing more, and the
 * shopper stayed charged for the rest; and a merchant's call under the give-back's key replayed
 * the give-back's operation instead of running.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';

describe("the give-back's own Idempotency-Keys on the merchant API", () => {
  const t = useTestApp('sqlite');

  it('are refused 400 naming Idempotency-Key, and nothing is recorded; any other key is not', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    const paid = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, 9, { PAYID: '3099001' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(paid.status, 200);
    for (const [action, key] of [
      ['refund', 'duplicate-payment'],
      ['refund', 'duplicate-payment:2'],
      ['cancel', 'setup-verification'],
      ['capture', 'setup-verification:3'],
    ] as const) {
      const response = await t.api(`/api/transactions/${reference}/${action}`, {
        method: 'POST',
        json: action === 'refund' ? { amount: 100 } : {},
        headers: { 'idempotency-key': key },
      });
      const body = (await response.json()) as { error: { code: string; field?: string } };
      assert.equal(response.status, 400, `${action} under ${key}: ${JSON.stringify(body)}`);
      assert.equal(body.error.field, 'Idempotency-Key');
    }
    assert.deepEqual(await t.repository.listOperations(reference), [], 'nothing reserved');
    for (const key of ['duplicate-payment-1', 'my-duplicate-payment', 'setup-verification:x']) {
      const response = await t.api(`/api/transactions/${reference}/refund`, {
        method: 'POST',
        json: { amount: 1 },
        headers: { 'idempotency-key': key },
      });
      assert.notEqual(response.status, 400, `${key}: ${await response.text()}`);
    }
  });
});
