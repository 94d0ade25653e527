/**
 * The shop's own query string on its success URL is kept as written when the shopper is sent back.
 *
 * `withReference` (server/payments/shop-urls.ts) appended `reference` with URL.searchParams.set,
 * which re-serialised the whole query as application/x-www-form-urlencoded: an ISO-8859-1 byte
 * (`caf%E9`, what an ISO-8859-1 shop writes for "café") becomes U+FFFD (`caf%EF%BF%BD`), `%20`
 * became `+`, `/` became `%2F`, a bare `flag` became `flag=`. The shop's value was lost, and a
 * shop that signs its return URL (an HMAC over its query) no longer recognised it. Ogone itself
 * only appends its parameters to the merchant's ACCEPTURL ([ADV] §9.2.3.1, example
 * "acceptpage.asp?orderID=…"); appending `&reference=…` to the string would keep the shop's part.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { withReference } from '../../../server/payments/shop-urls.ts';

const SHOP_URL = 'https://shop.example.com/ok?cat=caf%E9&q=a%20b&flag&path=/x/y';

describe('the shop success URL keeps its own query string', () => {
  const t = useTestApp('sqlite');

  it('the 303 after a paid feedback goes to the shop URL as given, plus reference', async () => {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: SHOP_URL,
      failureUrl: 'https://shop.example.com/ko',
    });
    const response = await t.app.request(`/payment/ogone/return?${new URLSearchParams(feedbackFor(reference, 9))}`, {
      headers: BROWSER_HEADERS,
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `${SHOP_URL}&reference=${encodeURIComponent(reference)}`);
  });

  it("a reference of the shop's own gives way to ours; a fragment stays last; no query gets one", () => {
    assert.equal(withReference('https://shop.example/ok?reference=mine&a=1#top', 'OC-1'), 'https://shop.example/ok?a=1&reference=OC-1#top');
    assert.equal(withReference('https://shop.example/ok', 'OC-1'), 'https://shop.example/ok?reference=OC-1');
    assert.equal(withReference('https://shop.example/ok?', 'OC 1'), 'https://shop.example/ok?reference=OC%201');
  });
});
