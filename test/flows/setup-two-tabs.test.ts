/**
 * A setup session (saving a card without paying) open in two tabs. Tab 1 saves card X; tab 2's
 * FlexCheckout return (card Y, a valid signed return of an attempt of ours) finds the session
 * completed. Card Y was neither verified nor recorded, so tab 2 goes to the failure URL with its
 * own reference — not to the success URL, as if Y were saved (aliases/setup-return.ts settled).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { FAILURE, land, navigate, SUCCESS, typeCard } from './setup-helpers.ts';

describe('a setup session in two tabs', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  /** Where the shop's return sends the browser. */
  const landOn = async (url: string) => (await land(url)).location;

  it("the second tab's card, never saved, is not reported saved", async () => {
    const created = await flow.api('/api/checkout-sessions', {
      mode: 'setup',
      customer: { id: 'cust-two-tabs', name: 'Zoë Test' },
      successUrl: SUCCESS,
      failureUrl: FAILURE,
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const tab1 = await navigate(flow, id);
    const tab2 = await navigate(flow, id);
    const back1 = await typeCard(tab1.url, '4111111111111111');
    const back2 = await typeCard(tab2.url, '5555555555554444');
    assert.equal(await landOn(back1), `${SUCCESS}&reference=${tab1.reference}`);

    const location2 = await landOn(back2);
    const aliases = (await flow.api('/api/customers/cust-two-tabs/aliases')).body.data as Array<Record<string, any>>;
    const tx2 = (await flow.api(`/api/transactions/${tab2.reference}`)).body;
    assert.deepEqual(
      aliases.map((a) => a.last4),
      ['1111'],
    );
    assert.equal(tx2.state, 'draft');
    assert.equal(location2, `${FAILURE}&reference=${tab2.reference}`, 'tab 2 is told its card was not saved');
  });
});
