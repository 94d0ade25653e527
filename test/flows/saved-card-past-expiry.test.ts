/**
 * The widget offered a saved card past its expiry date, and every payment with it was declined
 * (review r1070). The session's public view (what the widget lists) now leaves out a card whose
 * month has ended — a day late, so that no time zone loses a card still valid on its last day.
 * The merchant API still lists it: the shop sees the card, and its expiry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('a saved card past its expiry date (the hosted page saved it with ED 12/30)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  const clock = manualClock(new Date());
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', { clock });
    card = await saveCard(flow, 'cust-card-expiry', '4111111111111111');
  });
  after(() => flow?.close());

  async function offered(at: string): Promise<string[]> {
    clock.set(new Date(at));
    const created = await flow.api('/api/checkout-sessions', { amount: 1500, currency: 'EUR', customer: { id: 'cust-card-expiry' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const view = (await (await fetch(`${flow.url}/checkout/sessions/${created.body.id}`)).json()) as {
      savedCards: Array<{ id: string }>;
    };
    return view.savedCards.map((c) => c.id);
  }

  it('offered through its last day, in every time zone', async () => {
    assert.deepEqual(await offered('2030-12-31T23:59:00.000Z'), [card]);
    assert.deepEqual(await offered('2031-01-01T12:00:00.000Z'), [card]);
  });

  it('no longer offered once its month is over everywhere; the merchant API still lists it', async () => {
    assert.deepEqual(await offered('2031-01-02T00:00:00.000Z'), []);
    const listed = await flow.api('/api/customers/cust-card-expiry/aliases');
    assert.deepEqual(
      listed.body.data.map((a: { id: string }) => a.id),
      [card],
    );
  });
});
