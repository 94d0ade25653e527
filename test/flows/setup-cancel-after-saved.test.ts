/**
 * The signed FlexCheckout link opened again after the card was saved (Back, history), and the
 * shopper presses Cancel there (Alias.Status 3: nothing changes at the platform, the alias still
 * holds the verified card). aliases/setup-return.ts read Alias.Status before anything else and
 * answered `not_saved` whatever the attempt's state, so the shopper was sent to the shop's failure
 * URL with `?reference=` of the very attempt whose card is saved and announced by
 * checkout.setup_completed — the shop told both "saved" and "not saved" for one reference
 * (docs/ogone-protocol.md §15: a return replayed later finds the session paid and goes to the
 * success URL).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { cancelOn, events, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('the FlexCheckout link reopened and cancelled after the card was saved', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('does not tell the shop the saved card was not saved', async () => {
    const customerId = 'cust-cancel-after-saved';
    const id = await setupSession(flow, customerId);
    const attempt = await navigate(flow, id);
    const first = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
    assert.equal((await events(flow, 'checkout.setup_completed', attempt.reference)).length, 1);

    const again = await land(await cancelOn(attempt.url));
    const aliases = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<Record<string, any>>;
    assert.equal(aliases.length, 1, 'the card is still saved');
    assert.equal(
      again.location,
      `${SUCCESS}&reference=${attempt.reference}`,
      `the saved card's attempt was sent to ${again.location} after a cancel on the reopened page`,
    );
  });
});
