/**
 * Ogone's feedback percent-encoded in ISO-8859-1.
 *
 * e-Commerce Advanced guide §11.2 (and Basic guide §9.3), "Character encoding for PostFinance
 * payment methods": "If you use UTF-8 character encoding for the integration of PostFinance Card
 * and/or PostFinance E-finance, the transaction feedback will be returned ISO-8859-1 encoded."
 * [ADV] §12 "Appendix: UTF-8": "By default, Ogone uses ISO character encoding."
 *
 * So a genuine feedback may carry CN=M%FCller (ü as the single byte 0xFC). Whichever bytes the
 * platform hashed for SHA-OUT ("Müller" in UTF-8 or in ISO-8859-1: the guides do not say), a
 * correctly signed feedback is accepted and the name read right. Both were refused with 400 "a
 * parameter is not valid percent-encoded UTF-8" before SHA-OUT was even looked at, so Ogone
 * retried, gave up, and the payment's result was lost.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shaString } from '../../../shared/signature.ts';
import { PLATFORM_HEADERS } from '../../support/headers.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

/** application/x-www-form-urlencoded with every non-ASCII character as its ISO-8859-1 byte. */
function latin1Encode(params: Record<string, string>): string {
  const component = (text: string) =>
    [...Buffer.from(text, 'latin1')]
      .map((byte) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : byte === 0x20
            ? '+'
            : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return Object.entries(params)
    .map(([name, value]) => `${component(name)}=${component(value)}`)
    .join('&');
}

function sign(params: Record<string, string>, encoding: 'utf8' | 'latin1'): Record<string, string> {
  const text = shaString(params, TEST_ENV.OGONE_SHA_OUT, 'out');
  return { ...params, SHASIGN: createHash('sha512').update(text, encoding).digest('hex').toUpperCase() };
}

describe('ISO-8859-1 encoded feedback (PostFinance payment methods)', () => {
  const t = useTestApp('sqlite');

  it('a signed feedback with CN=M%FCller is accepted (signature over UTF-8 or over ISO-8859-1)', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    const params = {
      orderID: reference,
      currency: 'EUR',
      amount: '19.99',
      PM: 'PostFinance Card',
      ACCEPTANCE: 'test123',
      STATUS: '9',
      CARDNO: '',
      CN: 'Müller',
      TRXDATE: '06/01/25',
      PAYID: '3014726',
      NCERROR: '0',
      BRAND: 'PostFinance Card',
      IP: '127.0.0.1',
    };
    const answers: Array<{ encoding: string; status: number; text: string }> = [];
    for (const encoding of ['utf8', 'latin1'] as const) {
      const response = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: latin1Encode(sign(params, encoding)),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...PLATFORM_HEADERS },
      });
      answers.push({ encoding, status: response.status, text: await response.text() });
    }
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200],
      `each signature accepted (the second as a repeat): ${JSON.stringify(answers)}`,
    );
    const transaction = await t.repository.getTransaction(reference);
    assert.equal(transaction?.state, 'captured');
    assert.equal(transaction?.cardHolder, 'Müller', 'the name read in ISO-8859-1, not mojibake');
    // The same bytes with the signature of other text are refused.
    const forged = latin1Encode({ ...sign(params, 'latin1'), CN: 'Muller' });
    const refused = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: forged,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...PLATFORM_HEADERS },
    });
    assert.equal(refused.status, 403);
  });
});
