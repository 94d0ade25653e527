/**
 * The feedback's parameters come in the order of the guide's example redirect ([ADV] §9.2.3.1:
 * orderID, currency, amount, PM, ACCEPTANCE, STATUS, CARDNO, PAYID, NCERROR, BRAND, ED, TRXDATE,
 * CN), SHASIGN last; the sandbox sent ED, CN and TRXDATE before PAYID (review r960).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, locationParameters, payHosted } from './helpers.ts';

/** The guide's feedback parameter table ([ADV] §9.2.3.1), as selected in the back office. */
const GUIDE_LIST = [
  'ORDERID',
  'AMOUNT',
  'CURRENCY',
  'PM',
  'ACCEPTANCE',
  'STATUS',
  'CARDNO',
  'PAYID',
  'NCERROR',
  'BRAND',
  'ED',
  'TRXDATE',
  'CN',
];

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, dynamicParameters: GUIDE_LIST });
});
after(() => running.close());

describe('feedback parameter order: [ADV] §9.2.3.1 example', () => {
  it("the redirect carries the names in the example's order, SHASIGN last", async () => {
    const response = await payHosted(running.url, hostedOrder({ ACCEPTURL: 'https://shop.example/acceptpage.asp', OPERATION: 'RES' }), {
      CARDNO: '4111111111111111',
    });
    const names = locationParameters(response).parameters.map(([name]) => name);
    assert.deepEqual(names, [
      'orderID',
      'currency',
      'amount',
      'PM',
      'ACCEPTANCE',
      'STATUS',
      'CARDNO',
      'PAYID',
      'NCERROR',
      'BRAND',
      'ED',
      'TRXDATE',
      'CN',
      'SHASIGN',
    ]);
  });
});
