/**
 * CREDITDEBIT sent as "C" / "D" comes back as "CREDIT" / "DEBIT": in a DirectLink order's XML
 * answer, in a query's answer, and in the post-sale feedback of a hosted payment, inside SHA-OUT
 * (review r1363 found the sandbox returning it nowhere).
 *
 * [DL] §3.1.5 "Split credit/debit cards": "'C': credit card, 'D': debit card. … If the payment is
 * successfully processed with the CREDITDEBIT parameter, the same parameter will also be returned
 * in the XML response, and/or can be requested with a Direct Query. However, whereas the submitted
 * values are C or D, the return values are "CREDIT" or "DEBIT"." [ADV] §10.1.6 says the same of
 * the post-sale feedback; CREDITDEBIT is on the SHA-OUT list. A feedback carries only the fields
 * "Selected" in the account's "Transaction feedback" tab ([ADV] §9.2.3.2), so this account selects
 * it beside the guide's feedback parameters ([ADV] §9.2.3.1).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, cardOrder, directLink, hostedOrder, payHosted, startReceiver, type Receiver } from './helpers.ts';

/** [ADV] §9.2.3.1's feedback parameters, and CREDITDEBIT. */
const SELECTED = [
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
  'CREDITDEBIT',
];

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, dynamicParameters: SELECTED });
});
after(async () => {
  // The receiver first: a sandbox that refused to start must not leave it open.
  await receiver.close();
  await running.close();
});

/** SHA-OUT by hand ([ADV] §11.2): names uppercased, empty values left out, sorted, each NAME=value + passphrase. */
function shaOut(parameters: Record<string, string>): string {
  const pairs = Object.entries(parameters)
    .filter(([name, value]) => name !== 'SHASIGN' && value !== '')
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = pairs.map(([name, value]) => `${name}=${value}${SANDBOX_ACCOUNT.shaOut}`).join('');
  return createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();
}

describe('CREDITDEBIT is returned as CREDIT / DEBIT ([DL] §3.1.5, [ADV] §10.1.6)', () => {
  it('an accepted order sent with CREDITDEBIT=C answers CREDITDEBIT="CREDIT", and the query too', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'RES', CREDITDEBIT: 'C' }));
    assert.equal(xml.STATUS, '5', JSON.stringify(xml));
    assert.equal(xml.CREDITDEBIT, 'CREDIT', `the new order's answer: ${JSON.stringify(xml)}`);
    const query = await directLink(running.url, 'querydirect', { PAYID: xml.PAYID! });
    assert.equal(query.CREDITDEBIT, 'CREDIT', `the query's answer: ${JSON.stringify(query)}`);
  });

  it('CREDITDEBIT=D answers "DEBIT"; an order sent without it answers none', async () => {
    const debit = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL', CREDITDEBIT: 'D' }));
    assert.deepEqual([debit.STATUS, debit.CREDITDEBIT], ['9', 'DEBIT'], JSON.stringify(debit));
    const plain = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL' }));
    assert.equal(plain.STATUS, '9');
    assert.equal(plain.CREDITDEBIT, undefined, JSON.stringify(plain));
  });

  it('a hosted payment sent with CREDITDEBIT=C gets CREDITDEBIT=CREDIT in its post-sale feedback, signed', async () => {
    const order = hostedOrder({ CREDITDEBIT: 'C', ACCEPTURL: 'https://shop.example/ok' });
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    assert.equal(response.status, 303);
    const feedback = receiver.requests.map((r) => asRecord(r.parameters)).find((p) => p.orderID === order.ORDERID);
    assert.equal(feedback?.STATUS, '9');
    assert.equal(feedback?.CREDITDEBIT, 'CREDIT', `the post-sale feedback: ${JSON.stringify(feedback)}`);
    // CREDITDEBIT is on the SHA-OUT list: the signature covers it.
    assert.equal(feedback?.SHASIGN, shaOut(feedback!));
  });
});
