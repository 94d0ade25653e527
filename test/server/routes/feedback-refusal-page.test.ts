/**
 * A payment result the feedback route refuses, as a shopper's browser sees it: a page in the
 * shopper's language saying what to do, the technical reason only on the support line — while
 * Ogone's server still gets the plain reason. Nothing is stored either way (feedback.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { BROWSER_HEADERS, SERVER_HEADERS } from '../../support/headers.ts';
import { useTestApp } from '../../support/app.ts';

describe('the refusal page of the feedback route', () => {
  const t = useTestApp('sqlite');

  const get = (params: Record<string, string>, headers: Record<string, string>) =>
    t.app.request(`/payment/ogone/return?${new URLSearchParams(params).toString()}`, { headers });

  it('speaks German to a German browser, with the reason on the support line', async () => {
    const forged = { ...feedbackFor('OC-UNKNOWN-1', 9), amount: '0.01' };
    const response = await get(forged, { ...BROWSER_HEADERS, 'accept-language': 'de-CH, de;q=0.9, en;q=0.5' });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('content-language'), 'de');
    const page = await response.text();
    assert.match(page, /<html lang="de">/);
    assert.match(page, /<h1>Wir konnten dieses Zahlungsergebnis nicht bestätigen<\/h1>/);
    assert.match(page, /Dieser Link stammt nicht von der Zahlungsseite/);
    assert.match(page, /<small>The signature of this payment result is not valid\.<\/small>/);
  });

  it('tells a Spanish shopper an unknown payment is unknown, and English is the fallback', async () => {
    const unknown = feedbackFor('OC-UNKNOWN-2', 9);
    const spanish = await get(unknown, { ...BROWSER_HEADERS, 'accept-language': 'es-ES' });
    assert.equal(spanish.status, 404);
    assert.match(await spanish.text(), /No conocemos este pago/);
    const other = await get(unknown, { ...BROWSER_HEADERS, 'accept-language': 'pt-BR' });
    assert.match(await other.text(), /<html lang="en">[\s\S]*We do not know this payment/);
  });

  it("answers Ogone's server in plain text, without a page", async () => {
    const response = await get(feedbackFor('OC-UNKNOWN-3', 9), { ...SERVER_HEADERS, 'accept-language': 'fr' });
    assert.equal(response.status, 404);
    assert.equal(await response.text(), 'No payment with this reference.');
  });
});
