/**
 * `/payment/status/:reference` (issue 16): every one of the widget's seven languages, decline
 * reasons in plain words with the NCERROR only on the support line, Accept-Language fallback,
 * refreshing only until the session expires, a localized 404, escaping, its own CSP stylesheet.
 * Payments are driven by signed feedback through the real route, over a real SQLite file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { parseCsp } from '../../support/csp.ts';

const SHOP = 'https://shop.example.com';
const XSS_NAME = `Ann's <script>alert(1)</script> & Co`;

describe('status page', () => {
  const t = useTestApp('sqlite', { env: { MERCHANT_NAME: XSS_NAME } });

  async function payment(session: Record<string, unknown> = {}, status?: number, extra: Record<string, string> = {}): Promise<string> {
    const reference = await newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: `${SHOP}/thanks`,
      failureUrl: `${SHOP}/cart`,
      expiresIn: 3600,
      ...session,
    });
    assert.ok(reference, 'an attempt was created');
    if (status !== undefined) {
      const response = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, status, extra)).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(response.status, 200);
    }
    return reference;
  }

  async function page(reference: string, headers: Record<string, string> = {}) {
    const response = await t.app.request(`/payment/status/${reference}`, { headers });
    const html = await response.text();
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[0] ?? '';
    const message = /<p class="message">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    return { response, html, main, message, title: /<h1>([^<]*)<\/h1>/.exec(html)?.[1] };
  }

  const declined = (locale: string) => payment({ locale }, 2, { NCERROR: '30001001' });

  // One declined payment per language: the headline, the reason and the page's lang all match it.
  const LANGUAGES: ReadonlyArray<[locale: string, lang: string, title: string, reason: RegExp]> = [
    ['en-GB', 'en', 'Payment declined', /^Your bank declined the payment\. Try another card\.$/],
    ['fr-FR', 'fr', 'Paiement refusé', /^Votre banque a refusé le paiement\. Essayez une autre carte\.$/],
    ['es-ES', 'es', 'Pago rechazado', /^Su banco ha rechazado el pago\. Pruebe otra tarjeta\.$/],
    ['de-DE', 'de', 'Zahlung abgelehnt', /^Ihre Bank hat die Zahlung abgelehnt\./],
    ['nl-BE', 'nl', 'Betaling geweigerd', /^Uw bank heeft de betaling geweigerd\./],
    ['it-IT', 'it', 'Pagamento rifiutato', /^La sua banca ha rifiutato il pagamento\./],
    ['zh-CN', 'zh-CN', '付款被拒绝', /^您的银行拒绝了付款。/],
  ];
  for (const [locale, lang, title, reason] of LANGUAGES) {
    it(`a payment in ${locale} reads ${lang}, decline reason included`, async () => {
      const view = await page(await declined(locale), { 'accept-language': 'en-US,en;q=0.9' });
      assert.equal(view.response.status, 200);
      assert.match(view.html, new RegExp(`<html lang="${lang}">`));
      assert.equal(view.response.headers.get('content-language'), lang);
      assert.equal(view.title, title);
      assert.match(view.message, reason);
      // The platform's English never reaches the shopper.
      assert.doesNotMatch(view.html, /refused by the acquirer/i);
    });
  }

  it('the NCERROR code is in the support line only, never in the main message', async () => {
    const view = await page(await declined('fr'));
    assert.doesNotMatch(view.message, /\d{5,}/);
    assert.match(view.main, /<p class="support">Détails pour le support : code 30001001<\/p>/);
    assert.equal(view.main.match(/30001001/g)?.length, 1, 'the code appears once');
    assert.match(view.main, /Vous n’avez pas été débité\./);
    assert.match(view.main, new RegExp(`<a class="button" href="${SHOP}/cart\\?reference=OC[^"]+">Retour à la boutique</a>`));
  });

  it('reasons by category: insufficient funds, expired card, 3-D Secure, cancelled, technical', async () => {
    const cases: Array<[status: number, ncError: string, message: RegExp]> = [
      [2, '30511001', /not enough funds/],
      [2, '30331001', /This card has expired/],
      [2, '40001134', /could not confirm it was you/],
      [1, '30171001', /You cancelled the payment/],
      [2, '20002005', /technical problem/],
      [2, '30051001', /Your bank declined the payment/],
    ];
    for (const [status, ncError, message] of cases) {
      const view = await page(await payment({ locale: 'en' }, status, { NCERROR: ncError }));
      assert.match(view.message, message, ncError);
      assert.match(view.main, new RegExp(`code ${ncError}`));
    }
  });

  it('cancelled by the shop (STATUS 6: a cancelled authorisation, a duplicate given back): never "You cancelled"', async () => {
    const view = await page(await payment({ locale: 'en' }, 6));
    assert.equal(view.title, 'Payment cancelled');
    assert.equal(view.message, 'This payment was cancelled.');
    assert.doesNotMatch(view.main, /You cancelled/);
  });

  it('no locale on the payment: Accept-Language decides, by preference; unknown languages fall back to English', async () => {
    const reference = await declined('');
    assert.equal((await page(reference, { 'accept-language': 'pt-BR,es;q=0.8,fr;q=0.5' })).title, 'Pago rechazado');
    assert.equal((await page(reference, { 'accept-language': 'it;q=0.2, nl;q=0.9' })).title, 'Betaling geweigerd');
    assert.equal((await page(reference, { 'accept-language': 'zh-TW' })).title, '付款被拒绝');
    const english = await page(reference, { 'accept-language': 'pt-BR, ja;q=0.8' });
    assert.equal(english.title, 'Payment declined');
    assert.match(english.html, /<html lang="en">/);
    assert.equal((await page(reference)).title, 'Payment declined');
  });

  it("the payment's own locale wins over Accept-Language", async () => {
    const view = await page(await declined('es'), { 'accept-language': 'de-DE,de;q=0.9' });
    assert.equal(view.title, 'Pago rechazado');
  });

  it('a pending payment refreshes, at most every 5 s, only until its session expires', async () => {
    const reference = await payment({ locale: 'en', expiresIn: 120 }, 51);
    const waiting = await page(reference);
    assert.equal(waiting.title, 'Payment in progress');
    // Re-checked by our script without reloading; a meta refresh only for browsers without JavaScript.
    assert.match(waiting.html, /<script src="\/payment\/status\/assets\/status\.js" defer><\/script>/);
    assert.match(waiting.html, /<noscript><meta http-equiv="refresh" content="5"><\/noscript>/);
    assert.match(waiting.main, /data-refresh-seconds="5"/);
    assert.match(waiting.main, /role="status"/);
    t.clock.advance(117_000);
    assert.match((await page(reference)).main, /data-refresh-seconds="3"/, 'the last check lands at expiry');
    t.clock.advance(3_000);
    const late = await page(reference);
    assert.doesNotMatch(late.html, /http-equiv="refresh"|data-refresh-seconds/);
    assert.doesNotMatch(late.html, /<script/);
    assert.equal(late.title, 'Payment not confirmed yet');
    assert.match(late.message, /contact the shop with the reference/);
  });

  it('an abandoned draft stops refreshing when its session expires and says what to do, with the shop link', async () => {
    const reference = await payment({ expiresIn: 60 });
    assert.match((await page(reference)).html, /http-equiv="refresh"/);
    t.clock.advance(61_000);
    // Ogone's page may still take it for an hour after it was made (HOSTED_PAGE_PAYABLE_MS, review
    // r1705): not confirmed yet, never "not completed, try again".
    const payable = await page(reference);
    assert.doesNotMatch(payable.html, /http-equiv="refresh"|data-refresh-seconds/);
    assert.equal(payable.title, 'Payment not confirmed yet');
    assert.doesNotMatch(payable.main, new RegExp(`href="${SHOP}/cart`));
    t.clock.advance(3_600_000);
    const view = await page(reference);
    assert.equal(view.response.status, 200);
    assert.doesNotMatch(view.html, /http-equiv="refresh"|data-refresh-seconds/);
    assert.doesNotMatch(view.html, /<script/);
    assert.doesNotMatch(view.html, /Refreshing|Checking again/);
    assert.equal(view.title, 'Payment not completed');
    assert.equal(view.message, 'This payment was not completed. Return to the shop to try again.');
    assert.match(view.main, new RegExp(`href="${SHOP}/cart\\?reference=OC[^"]+">Return to the shop<`));
    const french = await page(reference, { 'accept-language': 'fr' });
    assert.equal(french.message, 'Ce paiement n’a pas été finalisé. Retournez à la boutique pour réessayer.');
  });

  it('a paid payment: thanks, the card as "VISA •••• 1111", the success URL, no refresh, no code', async () => {
    const view = await page(await payment({ locale: 'nl' }, 9));
    assert.equal(view.title, 'Betaling ontvangen');
    assert.match(view.main, /<dd>VISA •••• 1111<\/dd>/);
    assert.doesNotMatch(view.html, /XXXX/);
    assert.match(view.main, new RegExp(`href="${SHOP}/thanks\\?reference=OC[^"]+"`));
    assert.doesNotMatch(view.html, /http-equiv="refresh"|class="support"/);
    assert.match(view.main, /data-outcome="success"/);
  });

  it('amounts: what was authorised, then what was captured, and what came back to the card', async () => {
    const amountOf = (main: string, label: string) => new RegExp(`<dt>${label}</dt><dd>([^<]*)</dd>`).exec(main)?.[1];
    const reference = await payment({ locale: 'en', amount: 3000 }, 5, { amount: '30.00' });
    assert.equal(amountOf((await page(reference)).main, 'Amount'), '€30.00', 'authorised');
    // 30.00 authorised, 10.00 captured, 10.00 refunded: "Refunded, amount €30.00" told the shopper
    // three times what came back (review r490). The ledger's own writes, as a capture and a
    // refund's answers leave them.
    await t.repository.mutateTransaction(reference, () => ({
      patch: { state: 'refunded', capturedAmount: 1000, refundedAmount: 1000 },
      result: undefined,
    }));
    const refunded = await page(reference);
    assert.equal(refunded.title, 'Payment refunded');
    assert.equal(amountOf(refunded.main, 'Amount'), '€10.00', 'what was charged');
    assert.equal(amountOf(refunded.main, 'Refunded'), '€10.00', 'what came back');
    assert.doesNotMatch(refunded.main, /€30\.00/);
    await t.repository.mutateTransaction(reference, () => ({
      patch: { state: 'partially_refunded', refundedAmount: 400 },
      result: undefined,
    }));
    const partly = await page(reference);
    assert.equal(amountOf(partly.main, 'Amount'), '€10.00');
    assert.equal(amountOf(partly.main, 'Refunded'), '€4.00');
  });

  it('an unknown reference: 404 in the shopper’s language with a human title', async () => {
    const response = await t.app.request('/payment/status/NO-SUCH-PAYMENT', { headers: { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' } });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<title>Zahlung nicht gefunden — /);
    assert.match(html, /<h1>Zahlung nicht gefunden<\/h1>/);
    assert.doesNotMatch(html, /<title>404/);
    const spanish = await (await t.app.request('/payment/status/NOPE', { headers: { 'accept-language': 'es' } })).text();
    assert.match(spanish, /<h1>Pago no encontrado<\/h1>/);
  });

  it("escapes the merchant's name and the order's description", async () => {
    const view = await page(await payment({ locale: 'en', description: '<img src=x onerror=alert(2)>"quoted"' }, 9));
    assert.doesNotMatch(view.html, /<script>alert|<img src=x/);
    assert.match(view.html, /Ann&#39;s &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; Co/);
    assert.match(view.main, /<dd>&lt;img src=x onerror=alert\(2\)&gt;&quot;quoted&quot;<\/dd>/);
  });

  it('our stylesheet only: a CSP without scripts or inline style, the CSS served from our origin', async () => {
    const view = await page(await payment({ locale: 'en' }, 9));
    const csp = parseCsp(view.response.headers.get('content-security-policy') ?? '');
    assert.deepEqual(csp['style-src'], ["'self'"]);
    assert.deepEqual(csp['default-src'], ["'none'"]);
    assert.deepEqual(csp['script-src'], ["'self'"]);
    assert.doesNotMatch(view.html, /<style|style=|<script/);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(view.html)?.[1];
    assert.equal(href, '/payment/status/assets/status.css');
    const css = await t.app.request(href!);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const text = await css.text();
    assert.match(text, /prefers-color-scheme: dark/);
    assert.match(text, /--ogone-checkout-accent: #0b57d0/, "the widget's accent");
    const script = await t.app.request('/payment/status/assets/status.js');
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /location\.reload\(\)/);
  });
});
