/**
 * A setup session's status page once the card it saved was forgotten. The page said "Card saved —
 * Your card has been saved" for good, though the customer no longer had that card here (deleted
 * by the merchant or from the widget) — and for a repeat session (the same card typed again,
 * docs/ogone-protocol.md §10 "The same card saved again"), once the kept card it named was
 * forgotten. The FlexCheckout return already says "not saved" in both cases (review r760); the
 * status page now says the card was saved, then removed, and sends the shopper back to the shop
 * as when nothing was saved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('the status page of a setup session whose card was forgotten since', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  /** The page's state and its link back to the shop. */
  async function statusPage(reference: string): Promise<{ page: string; shop: string | undefined; html: string }> {
    const html = await (await fetch(`${flow.url}/payment/status/${reference}`)).text();
    const page = /data-page="([^"]+)"/.exec(html)?.[1] ?? '';
    const shop = /<a [^>]*href="(https:\/\/shop\.example\.com[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    return { page, shop, html };
  }

  /** A setup session of `customer` on which `card` is typed and verified; its verification's reference. */
  async function savedBy(customer: string, card: string): Promise<string> {
    const attempt = await navigate(flow, await setupSession(flow, customer));
    const landing = await land(await typeCard(attempt.url, card));
    assert.equal(landing.location, `${SUCCESS}&reference=${attempt.reference}`, landing.text);
    return attempt.reference;
  }

  const savedCards = async (customer: string) =>
    (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; last4: string }>;

  it('its own card forgotten: "removed", back to the shop as when nothing was saved', async () => {
    const reference = await savedBy('cust-status-forgot', '4111111111111111');
    const before = await statusPage(reference);
    assert.equal(before.page, 'card_saved');
    assert.equal(before.shop, `${SUCCESS}&reference=${reference}`);

    const [card] = await savedCards('cust-status-forgot');
    assert.equal((await flow.api(`/api/aliases/${card!.id}`, 'DELETE')).status, 200);

    const after = await statusPage(reference);
    assert.equal(after.page, 'card_removed', `the page still says: ${/<h1>([^<]*)<\/h1>/.exec(after.html)?.[1]}`);
    assert.match(after.html, /data-outcome="neutral"/);
    assert.doesNotMatch(after.html, /data-refresh-seconds/);
    assert.equal(after.shop, `${FAILURE}&reference=${reference}`);
  });

  it('a repeat session, the kept card it named forgotten: both sessions\' pages say "removed"', async () => {
    const customer = 'cust-status-repeat';
    const first = await savedBy(customer, '5399999999999999');
    const repeat = await savedBy(customer, '5399999999999999');
    // The same card saved twice is one card (§10): the repeat named the kept one.
    const cards = await savedCards(customer);
    assert.equal(cards.length, 1, JSON.stringify(cards));
    assert.equal((await statusPage(repeat)).page, 'card_saved');

    assert.equal((await flow.api(`/api/aliases/${cards[0]!.id}`, 'DELETE')).status, 200);
    assert.equal((await statusPage(repeat)).page, 'card_removed');
    assert.equal((await statusPage(first)).page, 'card_removed');
  });

  it('another card of the customer forgotten: the page still says "saved"', async () => {
    const customer = 'cust-status-other';
    const kept = await savedBy(customer, '4111111111111111');
    await savedBy(customer, '5399999999999999');
    const other = (await savedCards(customer)).find((card) => card.last4 === '9999');
    assert.ok(other);
    assert.equal((await flow.api(`/api/aliases/${other.id}`, 'DELETE')).status, 200);
    assert.equal((await statusPage(kept)).page, 'card_saved');
  });
});
