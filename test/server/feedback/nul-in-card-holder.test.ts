/**
 * Found by review r1545 (2026-12-07), now fixed.
 *
 * What is wrong: a signed feedback whose CN (the card holder's name, which the shopper types on
 * Ogone's payment page) carries a NUL character makes `/payment/ogone/return` fail with 500 on
 * PostgreSQL. server/feedback/decide.ts `details` copies CN into the payment's `cardHolder` and the
 * log keeps it (server/feedback/log.ts); the repository's PostgreSQL write
 * (server/repository/mutate-transaction.ts, through server/db/pg-inline-query.ts `literal`) throws
 * "a NUL character cannot be sent in a query string", and the whole feedback transaction is
 * rolled back. On SQLite the very same feedback is applied (200, captured).
 *
 * Why it matters: SHA-OUT is valid (docs/ogone-protocol.md §3: values are hashed exactly as
 * received), so this is the platform's own word that the shopper paid. The server-to-server request
 * answered 500 is retried and then given up (Ogone e-Commerce Advanced guide §9.3.2), the shopper's
 * redirect lands on a JSON "internal_error" after paying, and the merchant learns nothing of the
 * capture (no state change, no `payment.captured`) until a reconciler query, if one runs. A value
 * the shopper chose decides whether a paid payment's result is read — and only on one database.
 *
 * Expectation: on both databases the signed capture (STATUS 9) with such a CN is answered like any
 * other (200 OK to the platform, 303 to the browser) and the payment is `captured`.
 * The digest is computed here with node:crypto, never with the project's signer.
 *
 * The fix: feedback/verify.ts keeps a verified feedback's values with each NUL as U+FFFD
 * (withoutNul), after SHA-OUT was checked over the values as received.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TEST_ENV } from '../../support/accounts.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

/** SHA-OUT by hand ([ADV] §11.2): listed names uppercased, empty values out, `_` first, passphrase after each. */
function shaOut(pairs: ReadonlyArray<readonly [string, string]>): string {
  const listed = new Set([
    'ACCEPTANCE',
    'AMOUNT',
    'BRAND',
    'CARDNO',
    'CN',
    'CURRENCY',
    'ED',
    'IP',
    'NCERROR',
    'ORDERID',
    'PAYID',
    'PM',
    'STATUS',
    'TRXDATE',
  ]);
  const included = pairs
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .filter(([name, value]) => listed.has(name) && value !== '');
  included.sort(([a], [b]) => (a.replaceAll('_', '\u0001') < b.replaceAll('_', '\u0001') ? -1 : 1));
  const text = included.map(([name, value]) => `${name}=${value}${TEST_ENV.OGONE_SHA_OUT}`).join('');
  return createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();
}

function signedCapture(reference: string, cardHolder: string): string {
  const pairs: Array<[string, string]> = [
    ['orderID', reference],
    ['amount', '19.99'],
    ['currency', 'EUR'],
    ['PM', 'CreditCard'],
    ['ACCEPTANCE', 'test123'],
    ['STATUS', '9'],
    ['CARDNO', 'XXXXXXXXXXXX1111'],
    ['ED', '1230'],
    ['CN', cardHolder],
    ['TRXDATE', '06/01/25'],
    ['PAYID', '3014726'],
    ['NCERROR', '0'],
    ['BRAND', 'VISA'],
    ['IP', '127.0.0.1'],
  ];
  return new URLSearchParams([...pairs, ['SHASIGN', shaOut(pairs)]]).toString();
}

for (const kind of DATABASE_KINDS) {
  describe(`a signed feedback whose CN carries a NUL character, on ${kind}`, () => {
    const t = useTestApp(kind);

    for (const [caller, headers, expected] of [
      ['the platform (server to server)', SERVER_HEADERS, 200],
      ["the shopper's browser", BROWSER_HEADERS, 303],
    ] as const) {
      it(`from ${caller}: answered ${expected} and the payment captured`, async () => {
        const reference = await newHostedAttempt(t, {
          amount: 1999,
          currency: 'EUR',
          successUrl: 'https://shop.example.com/ok',
          failureUrl: 'https://shop.example.com/ko',
        });
        const response = await t.app.request('/payment/ogone/return', {
          method: 'POST',
          body: signedCapture(reference, 'Zo\u00eb\u0000Scale'),
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        });
        const text = await response.text();
        assert.equal(response.status, expected, `answer: ${response.status} ${text.slice(0, 120)}`);
        const transaction = await t.repository.getTransaction(reference);
        assert.equal(transaction?.state, 'captured', 'the signed capture is applied');
      });
    }
  });
}
