/**
 * The ISO-8859-1 SHA-OUT fallback is tried only for a request that came in ISO-8859-1 (latin1-
 * mojibake.test.ts). "Came in it" was any escape anywhere that was not UTF-8, one in a parameter
 * outside SHA-OUT included (a PARAMPLUS pair, echoed and never signed): the mojibake of a signed
 * CN came back by appending `&NOTE=%FC`. A request with any text beyond ASCII read as UTF-8 is
 * now a UTF-8 one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../../support/app.ts';

describe('the ISO-8859-1 fallback and an unsigned parameter in ISO-8859-1', () => {
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

  it('a UTF-8-signed CN re-sent as its mojibake, plus an unsigned %FC, is refused', async () => {
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
    // NOTE is not on the SHA-OUT list (a PARAMPLUS pair comes back like this, unsigned); %FC is
    // not UTF-8, so the request reads as "came in ISO-8859-1".
    const body = `${new URLSearchParams(tampered).toString()}&NOTE=%FC`;
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body,
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
