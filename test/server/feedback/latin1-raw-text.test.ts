/**
 * A request counts as ISO-8859-1 only when some escape was not UTF-8 and no text beyond ASCII was
 * read as UTF-8 (latin1-unsigned-escape.test.ts). Text beyond ASCII sitting unescaped in the same
 * component as such an escape went through the ISO-8859-1 fallback and was never counted as UTF-8:
 * the mojibake of a signed CN ("BÃ¡rbara" for "Bárbara") sent as a raw "Ã" beside "%A1" was read
 * as ISO-8859-1, whose bytes are the signed UTF-8 ones, and accepted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../../support/app.ts';

describe('the ISO-8859-1 fallback and raw UTF-8 text beside a non-UTF-8 escape', () => {
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

  it('a UTF-8-signed CN re-sent as its mojibake, part raw and part escaped, is refused', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/ok',
      failureUrl: 'https://shop.example.com/ko',
    });
    const genuine = feedbackFor(reference, 9); // CN 'Bárbara Souza', signed over UTF-8
    const mojibake = Buffer.from(genuine.CN!, 'utf8').toString('latin1'); // 'BÃ¡rbara Souza'
    assert.notEqual(mojibake, genuine.CN);
    const { CN: _cn, ...rest } = genuine;
    // 'Ã' as raw (UTF-8) text of the body, '¡' as the escape %A1 — not UTF-8, so the whole
    // component is decoded as ISO-8859-1, the raw 'Ã' with it, and never counted as UTF-8 text.
    const cn = encodeURIComponent(mojibake).replace('%C3%83', '\u00c3').replace('%C2%A1', '%A1');
    assert.equal(cn, 'B\u00c3%A1rbara%20Souza');
    const body = `${new URLSearchParams(rest).toString()}&CN=${cn}`;
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
