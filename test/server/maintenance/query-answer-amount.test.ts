/**
 * A DirectLink query answer is "applied like a feedback (§5) … AMOUNT and CURRENCY are
 * checked" (docs/ogone-protocol.md §9), and "a mismatch or a missing one is never paid" (§5).
 * An answer that reported a different amount but no currency (or no amount at all) was applied as
 * if it carried exactly the stored amount: server/feedback/apply-answer.ts `answerParams` fell
 * back on the stored amount and currency, and server/directlink/response.ts only parses the
 * amount when a currency is known (queries passed none). Now a query carries the payment's
 * currency for reading the answer, and an answer that says money moved without an amount is a
 * mismatch.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { xml } from '../directlink/helpers.ts';

describe('query answers whose amount is not the payment’s', () => {
  /** What the fake platform answers to the next querydirect. */
  let queryAnswer: Record<string, string> = {};

  const config = parseServerConfig({ ...TEST_ENV });
  const fakeFetch: typeof fetch = async (input) => {
    const url = new URL(String(input));
    if (!url.pathname.includes('querydirect')) throw new Error(`unexpected call ${url.pathname}`);
    return new Response(xml(queryAnswer), { status: 200, headers: { 'content-type': 'text/xml' } });
  };
  const t = useTestApp('sqlite', {
    deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fakeFetch }) },
  });

  const base = (reference: string) => ({
    orderID: reference,
    PAYID: '4000001',
    PAYIDSUB: '0',
    NCSTATUS: '0',
    NCERROR: '0',
    NCERRORPLUS: '!',
    ACCEPTANCE: 'test123',
    STATUS: '9',
    PM: 'CreditCard',
    BRAND: 'VISA',
    CARDNO: 'XXXXXXXXXXXX1111',
  });

  it('STATUS 9 with amount="0.01" and no currency is not a capture of €1,999.00', async () => {
    const reference = await newHostedAttempt(t, { amount: 199900, currency: 'EUR' }, { saveCard: false });
    queryAnswer = { ...base(reference), amount: '0.01' };
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200);
    const stored = await t.repository.getTransaction(reference);
    assert.notEqual(stored?.state, 'captured', 'an answer of 0.01 (no currency) was applied as a capture of 1999.00 EUR');
    assert.equal(stored?.amountMismatch, true, 'the amount mismatch is flagged');
  });

  it('the same answer WITH currency="EUR" is flagged as a mismatch', async () => {
    const reference = await newHostedAttempt(t, { amount: 199900, currency: 'EUR' }, { saveCard: false });
    queryAnswer = { ...base(reference), PAYID: '4000003', amount: '0.01', currency: 'EUR' };
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200);
    const stored = await t.repository.getTransaction(reference);
    assert.notEqual(stored?.state, 'captured');
    assert.equal(stored?.amountMismatch, true);
  });

  it('STATUS 9 with an empty amount is not paid ("a missing one is never paid")', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    queryAnswer = { ...base(reference), PAYID: '4000002', amount: '', currency: 'EUR' };
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200);
    const stored = await t.repository.getTransaction(reference);
    assert.notEqual(stored?.state, 'captured', 'an answer without an amount was applied as a capture');
  });
});
