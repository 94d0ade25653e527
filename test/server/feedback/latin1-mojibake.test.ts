/**
 * The ISO-8859-1 fallback of SHA-OUT (feedback/verify.ts) is for a request that came in
 * ISO-8859-1. A genuine UTF-8 feedback with CN=Bárbara is signed over the bytes `42 C3 A1 …`; the
 * same feedback with CN=BÃ¡rbara (each of those bytes as its own ISO-8859-1 character, sent as
 * proper UTF-8 escapes) has ISO-8859-1 bytes identical to the signed UTF-8 ones, and the fallback
 * verified it: whoever held the redirect URL could rewrite every non-ASCII signed value (CN,
 * EMAIL…) and have it stored as the card holder, logged and sent in webhooks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../../support/app.ts';

describe('the ISO-8859-1 fallback of SHA-OUT and a UTF-8 request', () => {
  let database: TestDatabase;
  let t: TestApp;
  before(async () => {
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database);
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  it('a UTF-8-signed CN re-sent as its ISO-8859-1 mojibake is refused (never signed by the platform)', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/ok',
      failureUrl: 'https://shop.example.com/ko',
    });
    const genuine = feedbackFor(reference, 9); // CN 'Bárbara Souza', signed over UTF-8
    const mojibake = Buffer.from(genuine.CN!, 'utf8').toString('latin1'); // 'BÃ¡rbara Souza'
    assert.notEqual(mojibake, genuine.CN);
    const tampered = { ...genuine, CN: mojibake };
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(tampered).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    const stored = await t.repository.getTransaction(reference);
    assert.equal(
      response.status,
      403,
      `a CN the platform never signed was accepted (HTTP ${response.status}); card holder stored as ${JSON.stringify(stored?.cardHolder)}`,
    );
  });
});
