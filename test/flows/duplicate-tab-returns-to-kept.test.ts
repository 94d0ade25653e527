/**
 * Two tabs of one session both paid on the hosted page: the second payment is a duplicate, given
 * back (README "One paid payment per session"). Its shopper used to be sent to
 * `successUrl?reference=<the duplicate>` — a payment about to be refunded, which a shop confirming
 * it would then see refunded — or, once the give-back had cancelled it before the browser came
 * back (RES), to the failure URL, although the order is paid (review r1070). The shopper of a
 * duplicate now goes to the success URL with the session's paid reference, whatever the duplicate
 * became meanwhile, and its status page links there too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

for (const operation of ['SAL', 'RES'] as const) {
  describe(`the second tab of a paid session comes back (OGONE_OPERATION=${operation})`, { timeout: 90_000 }, () => {
    let flow: FlowServer;
    before(async () => {
      flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: operation } });
    });
    after(() => flow?.close());

    const land = async (url: string) => {
      const response = await fetch(url, { headers: BROWSER_HEADERS, redirect: 'manual' });
      await response.arrayBuffer();
      return response.headers.get('location');
    };

    it('to the success URL with the paid reference, after its own give-back too', async () => {
      const created = await flow.api('/api/checkout-sessions', { amount: 2424, currency: 'EUR', successUrl: SUCCESS, failureUrl: FAILURE });
      assert.equal(created.status, 201);
      const [first, second] = await openTabs(flow.url, created.body.id as string, 2);
      assert.equal(await land(await payOnHostedPage(first!, '4111111111111111')), `${SUCCESS}?reference=${first!.reference}`);

      // The second tab pays; its browser comes back only once the give-back went through.
      const back = await payOnHostedPage(second!, '4111111111111111');
      const given = await eventually(
        // The platform's word on the give-back, as the reconciler would read it.
        async () => (await flow.api(`/api/transactions/${second!.reference}/sync`, {})).body,
        (view) => view.duplicateOf === first!.reference && ['cancelled', 'refunded'].includes(view.state as string),
        'the duplicate given back',
      );
      assert.equal(given.duplicateOf, first!.reference);
      assert.equal(await land(back), `${SUCCESS}?reference=${first!.reference}`, 'the order is paid: the paid reference');

      const status = await (await fetch(`${flow.url}/payment/status/${second!.reference}`, { headers: BROWSER_HEADERS })).text();
      const link = /<a class="button" href="([^"]*)"/.exec(status)?.[1]?.replaceAll('&amp;', '&');
      assert.equal(link, `${SUCCESS}?reference=${first!.reference}`);
    });
  });
}
