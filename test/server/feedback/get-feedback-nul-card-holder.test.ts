/**
 * Found by review r1636 (2026-12-07), now fixed.
 * The fix: /payment/ogone/return (GET and POST) passes the NUL guard (nulGuard's signedPaths);
 * verifyFeedback checks SHA-OUT first and withoutNul keeps each NUL as U+FFFD, as for a POST body;
 * the reference is read from the cleaned values too. An unsigned or badly signed feedback with a
 * NUL is still refused (403) and changes nothing; a signed one whose ORDERID holds a NUL is an
 * unknown order (404), not a 500; every other route keeps the guard.
 *
 * Review r1636: a regression sibling of r1545 (NUL → U+FFFD after SHA-OUT) that the fix missed.
 *
 * What is wrong: the fix of r1545 keeps a verified feedback's values with each NUL as U+FFFD in
 * server/feedback/verify.ts `withoutNul`, and its test posts the feedback as a form body only. A
 * feedback sent by GET — the back office's choice for the server-to-server request, and the
 * browser's redirect to ACCEPTURL with the parameters appended — never gets there: the global
 * middleware server/http/nul-guard.ts `nulGuard` (server/app.ts) refuses any query parameter with
 * a NUL with 400 before the route reads it. The very same signed capture (STATUS 9) with a CN the
 * shopper typed with a NUL is applied when POSTed and refused when sent by GET, on both databases.
 *
 * Why it matters: docs/ogone-protocol.md §5 "GET or POST. The back office chooses; the route takes
 * both" (and "Feedback — GET vs POST": "we read both"), and the browser's redirect is a GET by
 * nature: "the platform only appends its parameters to ACCEPTURL" ([ADV] §9.2.3.1); §3: SHA-OUT is checked over the values
 * exactly as received, so this is the platform's word that the shopper paid. With GET chosen, the
 * server-to-server request is answered 400 — a refusal, not retried usefully (§5 answers a 4xx
 * only to refusals that change nothing if repeated) — so the capture is never read (no state
 * change, no payment.captured) and the shopper who paid lands on a JSON error instead of the
 * success URL: a value the shopper chose decides whether a paid payment is read, as in r1545.
 *
 * Expectation: on both databases the signed capture sent by GET with such a CN is answered like
 * the POSTed one (200 to the platform, 303 to the browser) and the payment is `captured`.
 * The digest is computed here with node:crypto, never with the project's signer.
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
  describe(`a signed feedback sent by GET whose CN carries a NUL character, on ${kind}`, () => {
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
        // The same signed parameters as a POST body would carry, in the query string (GET chosen in
        // the back office; the browser's redirect to ACCEPTURL).
        const response = await t.app.request(`/payment/ogone/return?${signedCapture(reference, 'Zo\u00eb\u0000Scale')}`, {
          method: 'GET',
          headers: { ...headers },
        });
        const text = await response.text();
        assert.equal(response.status, expected, `answer: ${response.status} ${text.slice(0, 160)}`);
        const transaction = await t.repository.getTransaction(reference);
        assert.equal(transaction?.state, 'captured', 'the signed capture is applied');
        assert.equal(transaction?.cardHolder, 'Zo\u00eb\uFFFDScale', 'the name kept, its NUL as U+FFFD');
      });
    }

    for (const [what, mangle] of [
      ['unsigned', (query: URLSearchParams) => query.delete('SHASIGN')],
      ['badly signed', (query: URLSearchParams) => query.set('SHASIGN', 'A'.repeat(128))],
    ] as const)
      it(`an ${what} one with a NUL is refused with 403 and changes nothing`, async () => {
        const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
        const before = await t.repository.getTransaction(reference);
        const query = new URLSearchParams(signedCapture(reference, 'Zo\u00eb\u0000Scale'));
        mangle(query);
        const response = await t.app.request(`/payment/ogone/return?${query.toString()}`, { headers: { ...SERVER_HEADERS } });
        assert.equal(response.status, 403, await response.text());
        assert.deepEqual(await t.repository.getTransaction(reference), before, 'nothing read from it');
        assert.deepEqual(await t.repository.listFeedback(reference, 10), []);
      });

    it('a signed one whose ORDERID holds a NUL is an unknown order (404), not a 500', async () => {
      const response = await t.app.request(`/payment/ogone/return?${signedCapture('T\u0000X', 'Zoe Scale')}`, {
        headers: { ...SERVER_HEADERS },
      });
      assert.equal(response.status, 404, await response.text());
    });

    it('the guard stays on every other route: a NUL in a query is a 400 naming it', async () => {
      const response = await t.app.request('/checkout/sessions/cs_x?q=%00');
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { field?: string } }).error.field, 'q');
    });
  });
}
