/**
 * A DirectLink maintenance without AMOUNT asks for the amount of the original authorisation, never
 * for "what is left" (review r1363 found the sandbox taking the remainder).
 *
 * [DL] §4.1.2 "Request parameters", AMOUNT: "Order amount multiplied by 100. This is only
 * required when the amount of the maintenance differs from the amount of the original
 * authorisation. … Our system will check that the maintenance transaction amount is not higher
 * than the authorisation/payment amount." So an SAS without AMOUNT after 5.00 of 19.99 was
 * captured asks for 19.99, more than the 14.99 left: 50001126 "Overflow in data capture requests
 * for the original order"; an RFS without AMOUNT after a partial refund asks for the whole
 * payment again: 50001129 "Overflow in refunds requests". A merchant whose code forgets AMOUNT on
 * the last capture must not be told all is well.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { defined, eventually } from '../../support/waiting.ts';
import { cardOrder, directLink } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, maintenanceDelayMs: 0 });
});
after(() => running.close());

const maintain = (params: Record<string, string>) => directLink(running.url, 'maintenancedirect', params);

function settled(payId: string, status: number) {
  return eventually(
    () => (running.sandbox.payment(payId)?.status === status ? true : undefined),
    defined,
    `PAYID ${payId} at STATUS ${status}`,
  );
}

describe('maintenance without AMOUNT after a partial one ([DL] §4.1.2)', () => {
  it('SAS without AMOUNT after a partial capture is the original amount: refused as an overflow, never 14.99', async () => {
    const order = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'RES', AMOUNT: '1999' }));
    assert.equal(order.STATUS, '5');
    const payId = order.PAYID!;
    const partial = await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '500' });
    assert.deepEqual([partial.STATUS, partial.amount], ['91', '5']);
    await settled(payId, 9);

    const last = await maintain({ PAYID: payId, OPERATION: 'SAS' });
    // The amount of the original authorisation (19.99) is asked, more than the 14.99 left:
    // NCERROR 50001126 (the sandbox used to capture the 14.99).
    assert.equal(
      last.NCERROR,
      '50001126',
      `SAS without AMOUNT answered STATUS ${last.STATUS}, amount ${last.amount}, NCERROR ${last.NCERROR}`,
    );
    assert.equal(running.sandbox.payment(payId)?.capturePending ?? 0, 0, 'nothing more is being captured');
  });

  it('RFS without AMOUNT after a partial refund is the whole payment again: refused as an overflow', async () => {
    const order = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL', AMOUNT: '1999' }));
    assert.equal(order.STATUS, '9');
    const payId = order.PAYID!;
    const partial = await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '500' });
    assert.deepEqual([partial.STATUS, partial.amount], ['81', '5']);
    await settled(payId, 8);

    const last = await maintain({ PAYID: payId, OPERATION: 'RFS' });
    // 19.99 asked, 14.99 refundable: NCERROR 50001129 (the sandbox used to refund the 14.99).
    assert.equal(
      last.NCERROR,
      '50001129',
      `RFS without AMOUNT answered STATUS ${last.STATUS}, amount ${last.amount}, NCERROR ${last.NCERROR}`,
    );
  });
});
