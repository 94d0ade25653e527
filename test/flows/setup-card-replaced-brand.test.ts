/**
 * A setup session's signed FlexCheckout link opened again after the card was saved (history,
 * Back): FlexCheckout updates the same alias with whatever card the shopper types (Alias.Status
 * 2). aliases/setup-return.ts told "another card" from "the same card again" by the last four
 * digits and the expiry date only: a card of another brand with the same last four digits and
 * expiry passed as "the same card", the shopper was sent to the success URL and the saved card
 * stayed listed and chargeable, the alias holding a card never verified. The brand, signed in the
 * return, is compared too. (Another card of the same brand differing only by its BIN is not told
 * apart: docs/ogone-protocol.md §15.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('a setup alias updated with another card of the same last four digits and expiry', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  const aliasesOf = async (customer: string) =>
    (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; last4: string; brand: string }>;

  for (const [what, card, brandField] of [['a MasterCard ending 1111 (another brand)', '5555555555531111', 'MasterCard']] as const) {
    it(`${what} replacing the verified VISA 4111…1111 is not reported saved, and the alias is forgotten`, async () => {
      const customer = `cust-replaced-${card}`;
      const id = await setupSession(flow, customer);
      const attempt = await navigate(flow, id);
      const first = await land(await typeCard(attempt.url, '4111111111111111'));
      assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
      const [saved] = await aliasesOf(customer);
      assert.equal(saved?.last4, '1111');
      assert.equal(saved?.brand, 'VISA');

      // The same signed link, opened again: another card, same last four digits, same expiry (12/39).
      const back = await typeCard(attempt.url, card);
      const returned = new URL(back).searchParams;
      assert.equal(returned.get('Alias.Status'), '2', 'FlexCheckout updated the alias');
      assert.equal(returned.get('Card.Brand'), brandField);
      assert.notEqual(returned.get('Card.Bin'), '411111', 'the signed return shows another card');

      const second = await land(back);
      const listed = await aliasesOf(customer);
      assert.deepEqual(
        { location: second.location, listed: listed.map((a) => `${a.brand} ${a.last4}`) },
        { location: `${FAILURE}&reference=${attempt.reference}`, listed: [] },
        'an unverified card now behind the saved alias must not be reported saved nor kept chargeable',
      );
    });
  }
});
