/**
 * The sandbox's order NCERROR after an uncertain maintenance, with two refunds in flight: it goes
 * with the order's STATUS (directlink/maintenance-rules.ts setOrderStatus).
 *
 * 2b46acd: "The order now takes the level's 2xxxxxxx code, and gives it back when the operation
 * settles" — so that a query of the order never says a STATUS beside an NCSTATUS that does not go
 * with it (DirectLink guide §4.3: 81 "Refund pending" is NCSTATUS 0; only the x2 statuses — 92, 82,
 * 62 — go with a 2xxxxxxx NCERROR; review r1170).
 *
 * A first partial refund is answered uncertain (82: the order takes 20001001), a second one is
 * answered 81. The uncertain one settles first (its level says 8): no level of the order is
 * uncertain any more, yet `resolve` gives the NCERROR back only once no refund is open, so the
 * order-level query answered STATUS 81 with NCERROR 20001001 / NCSTATUS 2 until the second refund
 * settled — the very pair the commit set out to remove (review r1180).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink, startReceiver, type Receiver } from './helpers.ts';

const DELAY_MS = 1500;
let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: DELAY_MS });
});
after(async () => {
  await running.close();
  await receiver.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox order NCERROR once the uncertain refund has settled, another in flight', () => {
  it('answers the open 81 with NCSTATUS 0', async () => {
    const order = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL' }));
    assert.equal(order.STATUS, '9');
    const fault = await fetch(`${running.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maintenanceUncertain: 1 }),
    });
    assert.equal(fault.status, 200);
    const first = await directLink(running.url, 'maintenancedirect', { PAYID: order.PAYID!, OPERATION: 'RFD', AMOUNT: '500' });
    assert.deepEqual([first.STATUS, first.NCSTATUS], ['82', '2'], 'precondition: the first refund is answered uncertain');
    await sleep(DELAY_MS / 2);
    const second = await directLink(running.url, 'maintenancedirect', { PAYID: order.PAYID!, OPERATION: 'RFD', AMOUNT: '500' });
    assert.deepEqual([second.STATUS, second.NCSTATUS], ['81', '0'], 'precondition: the second refund is answered 81');
    await sleep(DELAY_MS / 2 + 300); // the first has settled, the second not yet

    const level = await directLink(running.url, 'querydirect', { PAYID: order.PAYID!, PAYIDSUB: first.PAYIDSUB! });
    assert.deepEqual([level.STATUS, level.NCSTATUS], ['8', '0'], 'precondition: the uncertain refund has settled');
    const open = await directLink(running.url, 'querydirect', { PAYID: order.PAYID!, PAYIDSUB: second.PAYIDSUB! });
    assert.equal(open.STATUS, '81', 'precondition: the second refund is still pending');

    const query = await directLink(running.url, 'querydirect', { PAYID: order.PAYID! });
    assert.equal(query.STATUS, '81');
    assert.deepEqual(
      [query.NCSTATUS, query.NCERROR],
      ['0', '0'],
      'no level is uncertain any more: STATUS 81 "Refund pending" goes with NCSTATUS 0 (DirectLink guide §4.3)',
    );
  });
});
