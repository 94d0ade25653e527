/**
 * A finished payment's page loaded again — Back after the redirect (the browser re-posts the
 * shop's form, since the card page is not stored) or the shop posting the same order twice —
 * shows "already complete" with the result and never a card form: with "re-launch the end of
 * transaction process" not ticked, the shopper "will see a message indicating that the payment
 * has already been processed" (e-Commerce Advanced guide §9.4; NCERROR 50001113's text).
 * Literal values only: the request is hand-written, as a merchant would from the guide.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, openCheckout, postForm, signed, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

const CARD_INPUTS = /name="(CARDNO|CVC|ED|CN|TOKEN)"/;

function repost(order: Record<string, string>): Promise<Response> {
  return postForm(`${running.url}/ncol/test/orderstandard_utf8.asp`, signed(order));
}

describe('a finished payment loaded again', () => {
  it('the card page is not stored, so Back asks the platform again', async () => {
    const response = await repost(hostedOrder());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(await response.text(), /name="CARDNO"/);
  });

  it('paid, then the same form posted again: "already complete", no card inputs, no-store, nothing paid twice', async () => {
    const order = hostedOrder({ ACCEPTURL: 'https://shop.example/ok', HOMEURL: 'https://shop.example/' });
    const { token } = await openCheckout(running.url, order);
    const paid = await submitCard(running.url, token, { CARDNO: '4111111111111111' });
    assert.equal(paid.status, 303);
    assert.match(paid.headers.get('location') ?? '', /^https:\/\/shop\.example\/ok\?/);

    const again = await repost(order);
    const html = await again.text();
    assert.equal(again.status, 400);
    assert.equal(again.headers.get('cache-control'), 'no-store');
    assert.match(html, /<h1>This payment is already complete<\/h1>/);
    assert.match(html, /<p class="ogone-error" role="alert" id="ncol-error">This order has already been processed<\/p>/);
    assert.match(html, /id="result" data-result="accept">Payment accepted</);
    assert.match(html, new RegExp(`<dd>${order.ORDERID}</dd>`));
    assert.match(html, /€19\.99|19\.99/);
    assert.match(html, /<a id="back-to-shop" href="https:\/\/shop\.example\/">Back to the shop<\/a>/);
    assert.doesNotMatch(html, CARD_INPUTS);
    assert.doesNotMatch(html, /<form/);
    assert.doesNotMatch(html, /4111|XXXXXXXXXXXX1111/, 'no card data on the page');

    const payments = running.sandbox.payments({ orderId: order.ORDERID });
    assert.equal(payments.length, 1);
    assert.equal(payments[0]?.status, 9);
    assert.equal(payments[0]?.deliveries.length ?? 0, 0, 'no feedback URL configured: nothing sent, and nothing re-launched');
  });

  it("in the shopper's LANGUAGE", async () => {
    const order = hostedOrder({ LANGUAGE: 'fr_FR' });
    const { token } = await openCheckout(running.url, order);
    await (await submitCard(running.url, token, { CARDNO: '4111111111111111' })).text();
    const html = await (await repost(order)).text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Ce paiement est déjà terminé<\/h1>/);
    assert.match(html, />Paiement accepté</);
    assert.match(html, /Retournez sur le site de la boutique/, 'no HOMEURL: no link, a sentence');
  });

  it('cancelled: the same form posted again shows the cancellation, BACKURL as the way back', async () => {
    const order = hostedOrder({ CANCELURL: 'https://shop.example/cancel', BACKURL: 'https://shop.example/basket' });
    const { token } = await openCheckout(running.url, order);
    const cancelled = await submitCard(running.url, token, { ACTION: 'cancel' });
    assert.equal(cancelled.status, 303);
    const again = await repost(order);
    const html = await again.text();
    assert.equal(again.status, 400);
    assert.match(html, /data-result="cancel">Payment cancelled</);
    assert.match(html, /href="https:\/\/shop\.example\/basket"/);
    assert.doesNotMatch(html, CARD_INPUTS);
  });

  it('HOMEURL=NONE hides the link back', async () => {
    const order = hostedOrder({ HOMEURL: 'NONE' });
    const { token } = await openCheckout(running.url, order);
    await (await submitCard(running.url, token, { CARDNO: '4111111111111111' })).text();
    const html = await (await repost(order)).text();
    assert.doesNotMatch(html, /id="back-to-shop"/);
  });

  it('a refused try that is not the last is not finished: the page opens again for the same ORDERID', async () => {
    const order = hostedOrder();
    const { token } = await openCheckout(running.url, order);
    const refused = await submitCard(running.url, token, { CARDNO: '4000000000000200' });
    assert.equal(refused.status, 200);
    await refused.text();
    const again = await repost(order);
    assert.equal(again.status, 200);
    assert.match(await again.text(), /name="CARDNO"/);
  });
});
