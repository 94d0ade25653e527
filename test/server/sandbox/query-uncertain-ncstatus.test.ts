/**
 * The sandbox's direct query of an order whose capture was answered uncertain.
 *
 * DirectLink guide §4.3 ("Possible transaction statuses"): STATUS 92 "Payment uncertain" goes with
 * NCERROR 200… and NCSTATUS 2; 62 "Author. deletion uncertain" likewise. §5.3: "The STATUS field will
 * contain the status of the transaction" — and a query of the order (PAYID, no PAYIDSUB) answers the
 * order's STATUS, here 92, with its NCERROR 2xxxxxxx and NCSTATUS 2, as the level query (PAYIDSUB=1)
 * does. The same for a refund answered 82 ("refund uncertain", the platform's status list). Review
 * r1170 found the order-level answer saying NCERROR 0 / NCSTATUS 0 beside an uncertain status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink, startReceiver, type Receiver } from './helpers.ts';

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  // Maintenance stays "offline" for the whole test: the order keeps the uncertain status.
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: 60_000 });
});
after(async () => {
  await running.close();
  await receiver.close();
});

async function uncertainNext(): Promise<void> {
  const response = await fetch(`${running.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ maintenanceUncertain: 1 }),
  });
  assert.equal(response.status, 200);
}

describe('sandbox: the order-level query of an uncertain maintenance', () => {
  for (const [operation, status, orderOp] of [
    ['SAL', '92', 'RES'],
    ['DES', '62', 'RES'],
    ['RFD', '82', 'SAL'],
  ] as const) {
    it(`${operation} answered ${status}: querydirect by PAYID answers ${status} with NCSTATUS 2 and a 200… NCERROR`, async () => {
      const order = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: orderOp }));
      assert.equal(order.STATUS, orderOp === 'RES' ? '5' : '9');
      await uncertainNext();
      const maintenance = await directLink(running.url, 'maintenancedirect', {
        PAYID: order.PAYID!,
        OPERATION: operation,
        AMOUNT: operation === 'RFD' ? '500' : '1999',
      });
      assert.deepEqual([maintenance.STATUS, maintenance.NCSTATUS], [status, '2'], 'precondition: the maintenance is answered uncertain');

      const query = await directLink(running.url, 'querydirect', { PAYID: order.PAYID! });
      assert.equal(query.STATUS, status, 'the order is uncertain');
      assert.equal(query.NCSTATUS, '2', `STATUS ${status} goes with NCSTATUS 2 (DirectLink guide §4.3)`);
      assert.match(query.NCERROR ?? '', /^2\d{7}$/, `STATUS ${status} goes with an NCERROR 200… (DirectLink guide §4.3)`);
    });
  }
});
