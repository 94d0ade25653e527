/**
 * DIGESTCARDNO and ENCCARDNO are on the SHA-OUT list, so a merchant may select them in the back
 * office; they were kept in the feedback log with the rest. A digest of the card number beside
 * the BIN and the last four digits gives the number back after a million guesses unless it is
 * salted (the guides do not say), and ENCCARDNO is the number itself, encrypted: neither is kept.
 * The signature is still checked over them as received.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('card number forms in a feedback', () => {
  const t = useTestApp('sqlite');

  it('are checked with the signature, then left out of the log', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    const digest = 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3';
    const signed = feedbackFor(reference, 9, { BIN: '411111', DIGESTCARDNO: digest, ENCCARDNO: 'ZW5jcnlwdGVk' });
    // Changed after signing: refused, so they are inside the signature.
    const tampered = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams({ ...signed, DIGESTCARDNO: `${digest.slice(0, -1)}0` }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(tampered.status, 403);
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(signed).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(response.status, 200);
    const [logged] = await t.repository.listFeedback(reference, 10);
    assert.equal(logged?.outcome, 'applied');
    assert.equal(logged?.params['BIN'], '411111');
    assert.deepEqual(
      Object.keys(logged!.params).filter((name) => /CARDNO/.test(name)),
      ['CARDNO'],
      'only the masked CARDNO is kept',
    );
    assert.doesNotMatch(JSON.stringify(logged), new RegExp(digest));
  });
});
