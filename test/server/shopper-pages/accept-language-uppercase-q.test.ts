/**
 * Found by review r1710 (2026-12-07), now fixed.
 * The fix: acceptedLanguages reads the weight's 'q=' case-insensitively
 *
 * r1710 — An Accept-Language weight written "Q=" is not read: the language the shopper ranked
 * last is taken as their first choice.
 *
 * What is wrong: `acceptedLanguages` (server/shopper-pages/languages.ts) looks for a parameter
 * starting with the lowercase "q=" only. RFC 9110 §12.4.2 writes the weight as `";" OWS "q="
 * qvalue` in ABNF, whose quoted strings are case-insensitive (RFC 5234 §2.3): "Q=0.1" is the same
 * weight as "q=0.1". Unread, the weight defaults to 1, so "de;Q=0.1, fr" puts German — the
 * language the shopper ranked lowest — first, its index being earlier.
 *
 * Why it matters: the status page, the feedback route's refusal page and the demo's result pick
 * the shopper's language from this list (the payment's own locale first, when it has one): a
 * shopper is answered in a language they said they barely want, about whether they were charged.
 *
 * What the test expects: "de;Q=0.1, fr" reads French first, as "de;q=0.1, fr" already does; and
 * the status page of a payment without a locale, asked with that header, is in French.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedLanguages } from '../../../server/shopper-pages/languages.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('r1710: Accept-Language weights are case-insensitive', () => {
  it('"Q=" weighs as "q=" does', () => {
    assert.deepEqual(acceptedLanguages('de;q=0.1, fr'), ['fr', 'de'], 'the lowercase form, for reference');
    assert.deepEqual(acceptedLanguages('de;Q=0.1, fr'), ['fr', 'de']);
    assert.deepEqual(acceptedLanguages('de;Q=0, fr'), ['fr'], 'Q=0 means "not this one"');
  });

  const t = useTestApp('sqlite');

  it('the status page answers in the language ranked first', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', expiresIn: 3600 });
    assert.ok(reference);
    const response = await t.app.request(`/payment/status/${reference}`, { headers: { 'accept-language': 'de;Q=0.1, fr' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-language'), 'fr');
  });
});
