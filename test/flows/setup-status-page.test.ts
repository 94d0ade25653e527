/**
 * A setup session (save a card, "nothing is charged now") created without successUrl / failureUrl
 * sends the shopper to our status page (feedback/destination.ts, payments/setup-destination.ts).
 * That page only knows payments and reads the card verification behind the saved card — an
 * authorisation of one unit, cancelled at once (docs/ogone-protocol.md §15) — as the shopper's
 * payment: "Paiement accepté — Merci ! Votre paiement a été accepté. Montant 1,00 €" (and, once
 * the cancel settles, "payment cancelled"). The shopper saved a card and was charged nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('status page after a setup session saved the card', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('says the card was saved, not that a 1.00 payment was accepted', async () => {
    // No shop URLs: the status page is where the shopper lands (README: they are optional).
    const id = await setupSession(flow, 'cust-setup-status', { successUrl: undefined, failureUrl: undefined });
    const attempt = await navigate(flow, id);
    const landing = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(landing.status, 303, landing.text);
    const statusPage = `${flow.url}/payment/status/${attempt.reference}`;
    assert.equal(landing.location, statusPage);
    // The card is saved, the session complete: nothing was charged.
    assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'paid');
    assert.equal(((await flow.api('/api/customers/cust-setup-status/aliases')).body.data as unknown[]).length, 1);

    const html = await (await fetch(statusPage)).text();
    const title = /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
    const message = /<p class="message">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    assert.doesNotMatch(`${title} ${message}`, /paiement|payment/i, `the shopper who saved a card is told: "${title} — ${message}"`);
    assert.doesNotMatch(html, /1,00\s€/, 'the verification amount is shown as if the shopper paid it');
    assert.match(html, /data-page="card_saved"/);
    assert.match(html, /data-outcome="success"/);
  });
});
