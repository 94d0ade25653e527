/**
 * A cancel of part of an authorisation. The guides list DEL ("delete authorisation, leaving the
 * transaction open", DirectLink guide §4.1.2) without saying what a DEL of part of the amount
 * leaves capturable (docs/ogone-protocol.md §14). Sent as DEL, it made the whole payment
 * `cancelled` once settled, and the rest could never be captured: the merchant who voided €5.00 of
 * €19.99 lost the other €14.99. A cancel voids the whole authorisation; another amount is refused
 * at entry, naming `amount`, with nothing recorded or sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

describe('a cancel of part of the authorisation', () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: 'RES' }, reconciler: { intervalMs: 0 } });
    card = await saveCard(flow, 'cust-partial-cancel', '4111111111111111');
  });
  after(async () => {
    await flow?.close();
  });

  it('is refused 400 naming amount; the whole amount is cancelled as DES', async () => {
    const reference = 'PARTIAL-CANCEL-1';
    const charged = await flow.api(`/api/aliases/${card}/charges`, { amount: 1999, currency: 'EUR', reference });
    assert.equal(charged.status, 201, JSON.stringify(charged.body));
    assert.equal(charged.body.state, 'authorized');

    const partial = await flow.api(`/api/transactions/${reference}/cancel`, { amount: 500 });
    assert.equal(partial.status, 400, JSON.stringify(partial.body));
    assert.equal(partial.body.error.field, 'amount');
    const untouched = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.equal(untouched.state, 'authorized');
    assert.deepEqual(untouched.operations, [], 'nothing recorded');

    const whole = await flow.api(`/api/transactions/${reference}/cancel`, { amount: 1999 });
    assert.ok([200, 202].includes(whole.status), JSON.stringify(whole.body));
    assert.equal(whole.body.operation.amount, 1999);
    assert.equal(whole.body.operation.operation, 'DES');
  });
});
