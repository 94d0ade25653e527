/**
 * Alias.StorePermanently=N (setup-store-temporarily) was read only on a first return. The signed
 * FlexCheckout link opened again after the card was saved (history, Back) updates the same alias;
 * with the account's opt-in box the shopper unticks "store my card", the return says N, and the
 * platform deletes the alias after two hours ([FLEX] §2.2, docs/ogone-protocol.md §15). The same
 * card typed again read as "saved": the shopper went to the success URL and the merchant kept a
 * saved card whose alias the platform was about to delete.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard, SUCCESS, resigned } from './setup-helpers.ts';

describe('Alias.StorePermanently=N on the signed link reopened after the card was saved', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('the card the platform will delete in two hours is not reported saved, nor kept', async () => {
    const customerId = 'cust-temp-after-saved';
    const id = await setupSession(flow, customerId);
    const attempt = await navigate(flow, id);
    const first = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);

    // The same signed link opened again, the same card typed, the opt-in box unticked.
    const again = await typeCard(attempt.url, '4111111111111111');
    assert.equal(new URL(again).searchParams.get('Alias.Status'), '2');
    const landing = await land(await resigned(flow, again, { 'Alias.StorePermanently': 'N' }));
    const aliases = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as unknown[];
    assert.deepEqual(
      { success: landing.location === `${SUCCESS}&reference=${attempt.reference}`, savedCards: aliases.length },
      { success: false, savedCards: 0 },
      `a return saying the alias is temporary (StorePermanently=N) landed on ${landing.location}; ` +
        `${aliases.length} saved card(s) still offered to the merchant`,
    );
  });
});
