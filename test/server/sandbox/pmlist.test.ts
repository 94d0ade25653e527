/**
 * PMLIST restricts the payment methods of the page: "we will only show these specific payment
 * methods on our payment page" (e-Commerce Advanced guide v5.4.4, §10.1.2; its example
 * PMLIST="VISA;iDEAL"). The sandbox honoured EXCLPMLIST and BRAND only (review r960).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, payHosted } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

describe('PMLIST: [ADV] §10.1.2', () => {
  it('PMLIST=VISA;iDEAL: a MasterCard cannot be paid on the page', async () => {
    const order = hostedOrder({ PMLIST: 'VISA;iDEAL', ACCEPTURL: 'https://shop.example/ok' });
    const response = await payHosted(running.url, order, { CARDNO: '5399999999999999' });
    assert.notEqual(response.status, 303, `not sent to ACCEPTURL (${response.headers.get('location') ?? ''})`);
    assert.equal(running.sandbox.payments({ orderId: order.ORDERID }).length, 0, 'nothing paid');
  });

  it('PMLIST=VISA;iDEAL: a VISA is still paid', async () => {
    const order = hostedOrder({ PMLIST: 'VISA;iDEAL', ACCEPTURL: 'https://shop.example/ok' });
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    assert.equal(response.status, 303);
  });
});
