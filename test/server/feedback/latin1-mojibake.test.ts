/**
 * The ISO-8859-1 fallback of SHA-OUT (feedback/verify.ts) is for a request that came in
 * ISO-8859-1 (PostFinance's feedback, [ADV] §11.2). A genuine UTF-8 feedback with CN=Bárbara is
 * signed over the bytes `42 C3 A1 …`; its mojibake CN=BÃ¡rbara (each of those bytes as its own
 * ISO-8859-1 character) has ISO-8859-1 bytes identical to the signed UTF-8 ones, so a fallback
 * tried on it verifies: whoever held the redirect URL could rewrite every non-ASCII signed value
 * (CN, EMAIL…) and have it stored as the card holder, logged and sent in webhooks. Each form below
 * was accepted by one version of the fallback's condition:
 * - the mojibake sent as proper UTF-8 escapes (the fallback tried whenever the text fit ISO-8859-1);
 * - the same with an unsigned parameter in ISO-8859-1 beside it (`NOTE=%FC`: "some escape was not
 *   UTF-8" — a PARAMPLUS pair comes back unsigned);
 * - a raw "Ã" beside the escape "%A1" in one component (decoded whole as ISO-8859-1, its UTF-8
 *   text never counted);
 * - a multipart body with `?NOTE=%FC` in the query string (its values never counted as UTF-8
 *   text: review r850).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

/** A tampered request: the body, and the query string after the feedback's path. */
interface Tampered {
  body: string | FormData;
  query?: string;
}

/** The tampered request of a genuine feedback `rest` with its CN replaced by `mojibake`. */
const FORMS: ReadonlyArray<[name: string, request: (rest: Record<string, string>, mojibake: string) => Tampered]> = [
  ['as UTF-8 escapes', (rest, mojibake) => ({ body: new URLSearchParams({ ...rest, CN: mojibake }).toString() })],
  [
    'with an unsigned %FC beside it',
    (rest, mojibake) => ({ body: `${new URLSearchParams({ ...rest, CN: mojibake }).toString()}&NOTE=%FC` }),
  ],
  [
    'part raw, part an ISO-8859-1 escape',
    (rest, mojibake) => {
      const cn = encodeURIComponent(mojibake).replace('%C3%83', '\u00c3').replace('%C2%A1', '%A1');
      assert.equal(cn, 'B\u00c3%A1rbara%20Souza');
      return { body: `${new URLSearchParams(rest).toString()}&CN=${cn}` };
    },
  ],
  [
    'in a multipart body, with an unsigned %FC in the query',
    (rest, mojibake) => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ ...rest, CN: mojibake })) form.append(name, value);
      return { body: form, query: 'NOTE=%FC' };
    },
  ],
];

describe('the ISO-8859-1 fallback of SHA-OUT and a UTF-8 request', () => {
  const t = useTestApp('sqlite');

  for (const [name, tampered] of FORMS) {
    it(`a UTF-8-signed CN re-sent as its mojibake, ${name}, is refused`, async () => {
      const reference = await newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        successUrl: 'https://shop.example.com/ok',
        failureUrl: 'https://shop.example.com/ko',
      });
      const { CN: signed, ...rest } = feedbackFor(reference, 9); // CN 'Bárbara Souza', signed over UTF-8
      const mojibake = Buffer.from(signed!, 'utf8').toString('latin1'); // 'BÃ¡rbara Souza'
      assert.notEqual(mojibake, signed);
      const { body, query } = tampered(rest, mojibake);
      const response = await t.app.request(`/payment/ogone/return${query ? `?${query}` : ''}`, {
        method: 'POST',
        body,
        // A FormData body brings its own multipart type and boundary.
        headers: typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS } : SERVER_HEADERS,
      });
      const stored = await t.repository.getTransaction(reference);
      assert.equal(
        response.status,
        403,
        `a CN the platform never signed was accepted (HTTP ${response.status}); card holder stored as ${JSON.stringify(stored?.cardHolder)}`,
      );
    });
  }
});
