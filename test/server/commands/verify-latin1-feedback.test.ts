/**
 * `ogone-checkout verify` takes a genuine ISO-8859-1 feedback as the return route does (review
 * r1090).
 *
 * Before: the `verify` command reads the return URL with URLSearchParams, which decodes every
 * escape as UTF-8. A feedback percent-encoded in ISO-8859-1 (`CN=Zo%EB`, ë as the single byte
 * 0xEB) becomes `CN=Zo\uFFFD`: the value Ogone signed is gone, so no passphrase and no charset can
 * make the digest match, and the command prints "invalid" for a feedback that is Ogone's own.
 *
 * Guide: e-Commerce Advanced guide v5.4.4, §11.2 "SHA-OUT signature", paragraph "Character
 * encoding for PostFinance payment methods": "the transaction feedback will be returned
 * ISO-8859-1 encoded" (even to a UTF-8 integration); §12 "Appendix: UTF-8": "By default, Ogone
 * uses ISO character encoding."
 *
 * Why it matters: the command exists so a merchant can check a return URL the platform sent.
 * For such a feedback it says the signature is wrong — the merchant then suspects tampering, or
 * changes a passphrase that was right — while the server's own return route accepts the same
 * request (http/form-params.ts reads those escapes as ISO-8859-1, feedback/verify.ts then tries
 * the ISO-8859-1 bytes; test/server/feedback/latin1-feedback.test.ts). The guides do not say
 * which bytes the platform hashes, so the test signs both ways: each must say "valid".
 *
 * The parameters are the guide's own SHA-OUT example (§11.2: ACCEPTANCE=1234, amount=15,
 * BRAND=VISA, CARDNO=XXXXXXXXXXXX1111, currency=EUR, NCERROR=0, orderID=12, PAYID=32100123,
 * PM=CreditCard, STATUS=9, passphrase "Mysecretsig1875!?", SHA-1 209113288F93A9AB8E474EA78D899AFDBB874355)
 * plus CN=Zoë. The SHA-1 literals below are
 *   SHA1("ACCEPTANCE=1234<pp>AMOUNT=15<pp>BRAND=VISA<pp>CARDNO=XXXXXXXXXXXX1111<pp>CN=Zoë<pp>
 *         CURRENCY=EUR<pp>NCERROR=0<pp>ORDERID=12<pp>PAYID=32100123<pp>PM=CreditCard<pp>STATUS=9<pp>")
 * over its UTF-8 bytes and over its ISO-8859-1 bytes, computed outside the project.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../server/commands/index.ts';

const PASSPHRASE = 'Mysecretsig1875!?';
const GUIDE_FEEDBACK =
  'ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=XXXXXXXXXXXX1111&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9';
/** [ADV] §11.2's example, SHA-1. */
const GUIDE_DIGEST = '209113288F93A9AB8E474EA78D899AFDBB874355';
/** The same with CN=Zoë, hashed over UTF-8 bytes. */
const DIGEST_UTF8 = '35EED71BFE9122C17327AB51AB66C289C1E5CCA4';
/** The same with CN=Zoë, hashed over ISO-8859-1 bytes. */
const DIGEST_LATIN1 = '2E41665EB7175F14A0D2F770889DB91BAB0F09FE';

async function verify(url: string): Promise<string[]> {
  const out: string[] = [];
  await main(['verify', url, '--algorithm', 'sha1'], { OGONE_SHA_OUT: PASSPHRASE }, { stdout: (l) => out.push(l), stderr: () => {} });
  return out;
}

test('control: the guide example itself is valid', async () => {
  assert.deepEqual(await verify(`https://shop.example/payment/ogone/return?${GUIDE_FEEDBACK}&SHASIGN=${GUIDE_DIGEST}`), ['valid']);
});

for (const [charset, digest] of [
  ['UTF-8', DIGEST_UTF8],
  ['ISO-8859-1', DIGEST_LATIN1],
] as const) {
  test(`an ISO-8859-1 encoded feedback (CN=Zo%EB) signed over ${charset} bytes is valid`, async () => {
    // [ADV] §11.2: "the transaction feedback will be returned ISO-8859-1 encoded" — ë is %EB.
    const url = `https://shop.example/payment/ogone/return?${GUIDE_FEEDBACK}&CN=Zo%EB&SHASIGN=${digest}`;
    assert.deepEqual(await verify(url), ['valid']);
  });
}
