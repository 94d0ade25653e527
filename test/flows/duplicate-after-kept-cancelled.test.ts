/**
 * A duplicate's shopper is sent to `successUrl?reference=<the kept payment>` only while that
 * payment still holds the order's money (feedback/destination.ts paidStill). With RES, the
 * merchant may cancel the kept authorisation after the duplicate was given back: nothing of the
 * order is paid, and the duplicate's shopper must not land on the shop's "thank you" page, nor its
 * status page link there (review r1110 of a64ee13).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

describe('the second tab of a session whose kept payment was cancelled since (RES)', { timeout: 90_000 }, () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: 'RES' } });
  });
  after(() => flow?.close());

  const land = async (url: string) => {
    const response = await fetch(url, { headers: BROWSER_HEADERS, redirect: 'manual' });
    await response.arrayBuffer();
    return response.headers.get('location');
  };

  it('is not sent to the success URL: nothing of the order is paid any more', async () => {
    const created = await flow.api('/api/checkout-sessions', { amount: 3131, currency: 'EUR', successUrl: SUCCESS, failureUrl: FAILURE });
    assert.equal(created.status, 201);
    const [first, second] = await openTabs(flow.url, created.body.id as string, 2);
    assert.equal(await land(await payOnHostedPage(first!, '4111111111111111')), `${SUCCESS}?reference=${first!.reference}`);

    // The second tab pays too: a duplicate, its authorisation cancelled at once.
    const back = await payOnHostedPage(second!, '4111111111111111');
    await eventually(
      async () => (await flow.api(`/api/transactions/${second!.reference}/sync`, {})).body,
      (view) => view.duplicateOf === first!.reference && view.state === 'cancelled',
      'the duplicate given back',
    );

    // The merchant then cancels the kept authorisation (the order cannot be delivered).
    const cancel = await flow.api(`/api/transactions/${first!.reference}/cancel`, {}, { 'idempotency-key': 'r1110-cancel-kept' });
    assert.ok(cancel.status < 300, JSON.stringify(cancel.body));
    const kept = await eventually(
      async () => (await flow.api(`/api/transactions/${first!.reference}/sync`, {})).body,
      (view) => view.state === 'cancelled',
      'the kept payment cancelled',
    );
    assert.equal(kept.state, 'cancelled');

    // The second tab's browser comes back now.
    const destination = await land(back);
    const status = await (await fetch(`${flow.url}/payment/status/${second!.reference}`, { headers: BROWSER_HEADERS })).text();
    const link = /<a class="button" href="([^"]*)"/.exec(status)?.[1]?.replaceAll('&amp;', '&');

    assert.notEqual(
      destination,
      `${SUCCESS}?reference=${first!.reference}`,
      `both payments given back (kept: ${kept.state}), yet the duplicate's shopper is sent to the success URL`,
    );
    assert.notEqual(link, `${SUCCESS}?reference=${first!.reference}`, "its status page's way back is the success URL too");
  });
});
