/**
 * The sandbox's plain hosted page (`orderstandard.asp`) answers in ISO-8859-1.
 *
 * e-Commerce Advanced guide §12 "Appendix: UTF-8": "By default, Ogone uses ISO character
 * encoding … If the merchant calls the UTF-8 payment page, all encoding for SHA will be done from
 * a UTF-8 encoded string, for SHA-IN and for SHA-OUT." The sandbox read the plain page's request
 * in ISO-8859-1 but sent the feedback of a payment started there percent-encoded in UTF-8, its
 * SHA-OUT over UTF-8: a merchant on the ISO pages, tested against the sandbox, was told that
 * UTF-8 feedback is what the platform sends. The SHA-OUT here is composed by the test itself
 * (every parameter of this feedback is on the guide's SHA-OUT list), not by our signer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, postForm, signed, submitCard } from './helpers.ts';

const NAME = 'Zoë Müller';
let running: RunningSandbox;
const posted: string[] = [];

before(async () => {
  running = await startSandbox({
    ...SANDBOX_ACCOUNT,
    feedbackUrl: 'https://shop.example/payment/ogone/return',
    // The server-to-server request, captured as the bytes it carries.
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

/** Decodes form-urlencoded text: each value as UTF-8 when its bytes are valid UTF-8, else as ISO-8859-1. */
function decodedParams(encoded: string): Array<[string, string]> {
  const decode = (s: string) => {
    const bytes = Buffer.from(unescape(s.replace(/\+/g, ' ')), 'latin1');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return bytes.toString('latin1');
    }
  };
  return encoded.split('&').map((pair) => {
    const index = pair.indexOf('=');
    return [decode(pair.slice(0, index)), decode(pair.slice(index + 1))];
  });
}

/** SHA-OUT as [ADV] §11 composes it: names uppercased, sorted, empty values left out, each `NAME=value` + passphrase; over ISO-8859-1 bytes. */
function latin1ShaOut(pairs: Array<[string, string]>): string {
  const text = pairs
    .filter(([, value]) => value !== '')
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}${SANDBOX_ACCOUNT.shaOut}`)
    .join('');
  return createHash('sha512').update(text, 'latin1').digest('hex').toUpperCase();
}

describe('sandbox feedback of a payment started on the ISO-8859-1 page', () => {
  it('the redirect and the server-to-server request carry CN in ISO-8859-1, SHA-OUT over ISO-8859-1', async () => {
    // ASCII-only request: its UTF-8 and ISO-8859-1 signatures are the same.
    const order = hostedOrder({ ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko' });
    const page = await postForm(`${running.url}/ncol/test/orderstandard.asp`, signed(order));
    const html = await page.text();
    assert.equal(page.status, 200, html);
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(token, 'the plain page opened');
    const paid = await submitCard(running.url, token, { CARDNO: '4111111111111111', CN: NAME });
    assert.equal(paid.status, 303);
    const location = paid.headers.get('location')!;
    const query = location.slice(location.indexOf('?') + 1);
    const body = posted.at(-1) ?? '';

    assert.equal(Object.fromEntries(decodedParams(query)).CN, NAME);
    const seen = {
      redirectCN: rawValue(query, 'CN'),
      serverCN: rawValue(body, 'CN'),
      redirectShaOverLatin1: latin1ShaOut(decodedParams(query).filter(([n]) => n !== 'SHASIGN')) === rawValue(query, 'SHASIGN'),
    };
    assert.deepEqual(seen, { redirectCN: 'Zo%EB+M%FCller', serverCN: 'Zo%EB+M%FCller', redirectShaOverLatin1: true });
  });
});
