/**
 * The demo shop's result (issue 16): what merchants copy, so it must read like the shop, not the
 * platform — the product's language, a human sentence, the card as "VISA •••• 1111", the NCERROR
 * only on the details line, "Try again" after a decline or a cancel and never after a success.
 * The shop talks to a real signer over HTTP with its merchant key; payments are settled by signed
 * feedback through the real route.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoShop } from '../../../server/demo/shop.ts';
import { merchantClient } from '../../../server/demo/merchant-client.ts';
import { API_KEY } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { closeServer, listen, type Listening } from '../../support/listen.ts';

describe('demo shop results', () => {
  let signer: Listening;
  let shop: ReturnType<typeof createDemoShop>['app'];

  after(async () => {
    if (signer) await closeServer(signer.server);
  });
  const t = useTestApp('sqlite');
  before(async () => {
    signer = await listen((request) => t.app.fetch(request));
    shop = createDemoShop({
      merchant: merchantClient({ baseUrl: signer.url, apiKey: API_KEY }),
      publicUrl: 'http://shop.test',
      merchantName: 'Demo shop',
      webhookSecret: undefined,
      products: [],
    }).app;
  });

  /** A payment of one of the catalog's products (its language comes from the product), settled by feedback. */
  async function paid(product: string, status: number, extra: Record<string, string> = {}): Promise<string> {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', metadata: { product } });
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, status, extra)).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(response.status, 200);
    return reference;
  }

  async function banner(reference: string, headers: Record<string, string> = {}) {
    const html = await (await shop.request(`/?reference=${reference}`, { headers })).text();
    const section = /<section id="result"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const text = (name: string) => new RegExp(`<[a-z0-9]+ class="${name}">([^<]*)<`).exec(section)?.[1] ?? '';
    return { section, title: text('result-title'), message: text('result-message'), details: text('result-details') };
  }

  it('a success: thanks, "VISA •••• 1111", no retry, no code', async () => {
    const reference = await paid('espresso', 9);
    const result = await banner(reference);
    assert.equal(result.title, 'Payment received');
    assert.equal(result.message, 'Thank you! Your payment has been received.');
    assert.match(result.details, /VISA •••• 1111/);
    assert.match(result.details, new RegExp(`Reference ${reference}`));
    assert.doesNotMatch(result.section, /XXXX|NCERROR|class="retry"/);
    assert.match(result.section, /data-outcome="success"/);
  });

  it('a decline in French: the bank declined, try another card; the code only in the details; a retry to the product', async () => {
    const reference = await paid('carnet', 2, { NCERROR: '30001001' });
    const result = await banner(reference, { 'accept-language': 'en' });
    assert.match(result.section, /lang="fr"/);
    assert.equal(result.title, 'Paiement refusé');
    assert.equal(result.message, 'Votre banque a refusé le paiement. Essayez une autre carte. Vous n’avez pas été débité.');
    assert.doesNotMatch(result.message, /\d{5,}|NCERROR|acquirer/);
    assert.match(result.details, /code 30001001/);
    assert.doesNotMatch(result.section, /NCERROR|refused by the acquirer/i);
    assert.match(result.section, /<a class="retry" href="\/#product-carnet">Réessayer<\/a>/);
  });

  it('3-D Secure failed (Spanish): a human reason and a retry', async () => {
    const result = await banner(await paid('aceite', 2, { NCERROR: '40001134' }));
    assert.equal(result.title, 'Pago rechazado');
    assert.match(result.message, /^Su banco no pudo confirmar su identidad\. Inténtelo de nuevo o use otra tarjeta\./);
    assert.match(result.details, /código 40001134/);
    assert.match(result.section, /<a class="retry" href="\/#product-aceite">Intentar de nuevo<\/a>/);
  });

  it('cancelled by the shopper: said plainly, with a retry', async () => {
    const result = await banner(await paid('espresso', 1, { NCERROR: '30171001' }));
    assert.equal(result.title, 'Payment cancelled');
    assert.match(result.message, /^You cancelled the payment\. You have not been charged\.$/);
    assert.match(result.section, /class="retry" href="\/#product-espresso">Try again</);
  });

  it("without a product, the browser's language; the JSON for the page's module says the same", async () => {
    const reference = await paid('not-in-catalog', 2, { NCERROR: '30511001' });
    const result = await banner(reference, { 'accept-language': 'de-DE,de;q=0.9' });
    assert.equal(result.title, 'Zahlung abgelehnt');
    assert.match(result.message, /Deckung nicht ausreichend/);
    const json = (await (await shop.request(`/demo/payments/${reference}`, { headers: { 'accept-language': 'it' } })).json()) as Record<
      string,
      unknown
    >;
    assert.equal(json.state, 'declined');
    assert.equal(json.lang, 'it');
    assert.equal(json.title, 'Pagamento rifiutato');
    assert.match(String(json.message), /fondi insufficienti/);
    assert.deepEqual(json.retry, { href: '/', label: 'Riprova' });
    assert.doesNotMatch(JSON.stringify(json), /XXXX|NCERROR/);
  });

  it('an unknown reference: 404 and a human sentence', async () => {
    const response = await shop.request('/demo/payments/NOPE', { headers: { 'accept-language': 'nl' } });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { title: string }).title, 'Betaling niet gevonden');
  });
});
