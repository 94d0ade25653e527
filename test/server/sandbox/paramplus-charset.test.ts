/**
 * The sandbox re-decoded a PARAMPLUS pair's value as UTF-8 on the ISO-8859-1 page, so a
 * merchant's Latin-1 value comes back as "?".
 *
 * Review r1240 found: `feedbackParameters` (server/sandbox/feedback/parameters.ts) splits PARAMPLUS with
 * `new URLSearchParams(payment.paramPlus)`, which percent-decodes every pair as UTF-8 whatever the
 * page the payment came through. On the plain page (`orderstandard.asp`, ISO-8859-1 — e-Commerce
 * Advanced guide §12 "Appendix: UTF-8": "By default, Ogone uses ISO character encoding") a
 * merchant's PARAMPLUS `shopper=Zo%EB&cart=42` ("Zoë" in ISO-8859-1) is decoded to "Zo\uFFFD",
 * then written back in ISO-8859-1 as "Zo?" (`shopper=Zo%3F`) in the redirect and in the
 * server-to-server request. The same pair written with the raw byte (`shopper=Zo\xEB`, no inner
 * escape) comes back as `Zo%EB`: only the escaped spelling — what an ISO-8859-1 shop's URL encoder
 * produces — is damaged.
 *
 * Who suffers: a merchant on the ISO pages testing against the sandbox gets its own session
 * data back altered (the PARAMPLUS pairs are the merchant's, "returned in the feedback request",
 * [ADV] §9.2.3.1 "Feedback parameters", COMPLUS / PARAMPLUS example: they come back as they were
 * sent: `&SessionID=126548354&ShopperID=73541312`). The sandbox's README promises that a
 * payment of the plain page gets its feedback "in ISO-8859-1 too (`Zo%EB`)".
 *
 * PARAMPLUS is now split in the page's charset (sandbox/params.ts paramPlusPairs), in the feedback
 * and in a DirectLink query's answer alike.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, postForm, signed, submitCard } from './helpers.ts';

let running: RunningSandbox;
const posted: string[] = [];

before(async () => {
  running = await startSandbox({
    ...SANDBOX_ACCOUNT,
    feedbackUrl: 'https://shop.example/payment/ogone/return',
    // The server-to-server request's body, as sent.
    fetch: async (_input, init) => {
      posted.push(String(init?.body ?? ''));
      return new Response('OK', { status: 200 });
    },
  });
});
after(() => running.close());

/** The raw (still percent-encoded) value of `name` in a query string or form body. */
function rawValue(encoded: string, name: string): string | undefined {
  for (const pair of encoded.split('&')) {
    const index = pair.indexOf('=');
    if (pair.slice(0, index) === name) return pair.slice(index + 1);
  }
  return undefined;
}

describe('sandbox: PARAMPLUS of a payment made on the ISO-8859-1 page', () => {
  it('comes back as the merchant wrote it: shopper=Zo%EB, not Zo%3F ("Zo?")', async () => {
    // PARAMPLUS is ASCII text here: its ISO-8859-1 and UTF-8 signatures are the same.
    const order = hostedOrder({
      ACCEPTURL: 'https://shop.example/ok',
      DECLINEURL: 'https://shop.example/ko',
      PARAMPLUS: 'shopper=Zo%EB&cart=42',
    });
    const page = await postForm(`${running.url}/ncol/test/orderstandard.asp`, signed(order));
    const html = await page.text();
    assert.equal(page.status, 200, html);
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(token, 'the plain page opened');

    const paid = await submitCard(running.url, token, { CARDNO: '4111111111111111' });
    assert.equal(paid.status, 303);
    const location = paid.headers.get('location') ?? '';
    const redirect = location.slice(location.indexOf('?') + 1);
    const body = posted.at(-1) ?? '';

    assert.deepEqual(
      { redirect: rawValue(redirect, 'shopper'), serverToServer: rawValue(body, 'shopper'), cart: rawValue(redirect, 'cart') },
      { redirect: 'Zo%EB', serverToServer: 'Zo%EB', cart: '42' },
    );
  });
});
