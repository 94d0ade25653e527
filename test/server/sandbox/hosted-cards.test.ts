/**
 * Each test card on the hosted page: STATUS, NCERROR, the return URL the browser is sent to,
 * the signed feedback parameters in its query string, PARAMPLUS / COMPLUS echo.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, hostedOrder, locationParameters, openCheckout, payHosted, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

const URLS = {
  ACCEPTURL: 'https://shop.example/payment/accept?lang=en',
  DECLINEURL: 'https://shop.example/payment/decline',
  EXCEPTIONURL: 'https://shop.example/payment/exception',
  CANCELURL: 'https://shop.example/payment/cancel',
};

function verifyOut(parameters: Array<[string, string]>) {
  return shaVerify(asRecord(parameters), {
    passphrase: SANDBOX_ACCOUNT.shaOut,
    algorithm: SANDBOX_ACCOUNT.hashAlgorithm,
    direction: 'out',
  });
}

async function pay(cardNumber: string, extra: Record<string, string> = {}) {
  const order = hostedOrder({ ...URLS, ...extra });
  const response = await payHosted(running.url, order, { CARDNO: cardNumber });
  assert.equal(response.status, 303, 'the browser is redirected with 303 See Other');
  const { url, parameters } = locationParameters(response);
  return { order, url, parameters, feedback: asRecord(parameters) };
}

describe('hosted page test cards', () => {
  it('4111111111111111 with OPERATION=RES: STATUS 5 to ACCEPTURL, signed with SHA-OUT', async () => {
    const { order, url, parameters, feedback } = await pay('4111 1111 1111 1111', { OPERATION: 'RES' });
    assert.equal(`${url.origin}${url.pathname}`, 'https://shop.example/payment/accept');
    assert.equal(url.searchParams.get('lang'), 'en', "the ACCEPTURL's own query is kept");
    assert.equal(feedback.STATUS, '5');
    assert.equal(feedback.NCERROR, '0');
    assert.equal(feedback.orderID, order.ORDERID);
    assert.equal(feedback.amount, '19.99');
    assert.equal(feedback.currency, 'EUR');
    assert.equal(feedback.PM, 'CreditCard');
    assert.equal(feedback.BRAND, 'VISA');
    assert.equal(feedback.CARDNO, 'XXXXXXXXXXXX1111');
    assert.equal(feedback.ED, '1239');
    assert.equal(feedback.CN, 'Jane Doe');
    assert.match(feedback.TRXDATE ?? '', /^\d{2}\/\d{2}\/\d{2}$/);
    assert.match(feedback.PAYID ?? '', /^\d{7,}$/);
    assert.equal(feedback.IP, '127.0.0.1');
    assert.deepEqual(verifyOut(parameters), { valid: true });
    // Names in Ogone's mixed case, as documented.
    assert.ok(parameters.some(([name]) => name === 'orderID'));
    assert.ok(parameters.some(([name]) => name === 'amount'));
    assert.ok(!parameters.some(([name]) => name === 'ORDERID'));
  });

  it('4111111111111111 with SAL or no OPERATION: STATUS 9', async () => {
    assert.equal((await pay('4111111111111111', { OPERATION: 'SAL' })).feedback.STATUS, '9');
    assert.equal((await pay('4111111111111111')).feedback.STATUS, '9');
  });

  it('5399999999999999 MasterCard and 374111111111111 Amex are accepted', async () => {
    const mc = await pay('5399999999999999', { OPERATION: 'RES' });
    assert.equal(mc.feedback.STATUS, '5');
    assert.equal(mc.feedback.BRAND, 'MasterCard');
    assert.equal(mc.feedback.CARDNO, 'XXXXXXXXXXXX9999');
    const amex = await payHosted(running.url, hostedOrder(URLS), { CARDNO: '374111111111111', CVC: '1234' });
    const feedback = asRecord(locationParameters(amex).parameters);
    assert.equal(feedback.STATUS, '9');
    assert.equal(feedback.BRAND, 'American Express');
  });

  it('4000000000000200 is refused: the card page again with the reason while tries are left', async () => {
    const response = await payHosted(running.url, hostedOrder(URLS), { CARDNO: '4000000000000200' });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /Payment refused by the acquirer<\/span> \(NCERROR 30001001\)/);
    assert.match(html, /name="TOKEN"/);
  });

  it('4000000000000200 on the last try: STATUS 2, NCERROR 30001001, to DECLINEURL', async () => {
    running.sandbox.updateSettings({ paymentTries: 1 });
    try {
      const { url, parameters, feedback } = await pay('4000000000000200');
      assert.equal(url.pathname, '/payment/decline');
      assert.equal(feedback.STATUS, '2');
      assert.equal(feedback.NCERROR, '30001001');
      assert.deepEqual(verifyOut(parameters), { valid: true });
    } finally {
      running.sandbox.updateSettings({ paymentTries: 10 });
    }
  });

  it('4000000000009292 is uncertain: STATUS 92 to EXCEPTIONURL (ACCEPTURL without one)', async () => {
    const { url, feedback } = await pay('4000000000009292');
    assert.equal(url.pathname, '/payment/exception');
    assert.equal(feedback.STATUS, '92');
    assert.equal(feedback.NCERROR, '20001001');
    const { EXCEPTIONURL: _omit, ...noException } = URLS;
    const fallback = await payHosted(running.url, hostedOrder(noException), { CARDNO: '4000000000009292' });
    assert.equal(locationParameters(fallback).url.pathname, '/payment/accept');
  });

  it('4000000000005258 is an exception: STATUS 52 to EXCEPTIONURL', async () => {
    const { url, feedback } = await pay('4000000000005258', { OPERATION: 'RES' });
    assert.equal(url.pathname, '/payment/exception');
    assert.equal(feedback.STATUS, '52');
    assert.equal(feedback.NCERROR, '20002005');
  });

  it('Cancel: STATUS 1 to CANCELURL, or DECLINEURL without one', async () => {
    const cancelled = await payHosted(running.url, hostedOrder(URLS), { ACTION: 'cancel', CARDNO: '', ED: '', CVC: '', CN: '' });
    const { url, parameters } = locationParameters(cancelled);
    const feedback = asRecord(parameters);
    assert.equal(url.pathname, '/payment/cancel');
    assert.equal(feedback.STATUS, '1');
    assert.equal(feedback.NCERROR, '30171001');
    assert.equal(feedback.CARDNO, '');
    assert.deepEqual(verifyOut(parameters), { valid: true });
    const { CANCELURL: _omit, ...noCancel } = URLS;
    const fallback = await payHosted(running.url, hostedOrder(noCancel), { ACTION: 'cancel' });
    assert.equal(locationParameters(fallback).url.pathname, '/payment/decline');
  });

  it('PARAMPLUS pairs come back as their own parameters (outside SHA-OUT), COMPLUS as itself', async () => {
    const { parameters, feedback } = await pay('4111111111111111', {
      PARAMPLUS: 'SessionID=126548354&ShopperID=73541312&STATUS=9',
      COMPLUS: 'cart 42 & more',
    });
    assert.equal(feedback.SessionID, '126548354');
    assert.equal(feedback.ShopperID, '73541312');
    assert.equal(feedback.COMPLUS, 'cart 42 & more');
    assert.ok(!parameters.some(([name]) => name === 'PARAMPLUS'), 'PARAMPLUS itself is not echoed');
    assert.equal(parameters.filter(([name]) => name.toUpperCase() === 'STATUS').length, 1, 'a PARAMPLUS pair cannot forge STATUS');
    assert.deepEqual(verifyOut(parameters), { valid: true });
    // COMPLUS is inside SHA-OUT: changing it breaks the signature.
    const tampered = parameters.map(([n, v]): [string, string] => (n === 'COMPLUS' ? [n, 'other'] : [n, v]));
    assert.equal(verifyOut(tampered).valid, false);
  });

  it('without return URLs the platform shows its own result page', async () => {
    running.sandbox.updateSettings({ paymentTries: 1 });
    try {
      const response = await payHosted(running.url, hostedOrder(), { CARDNO: '4000000000000200' });
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.match(html, /Your payment has been refused/);
      assert.match(html, /<th scope="row">STATUS<\/th><td><code>2<\/code>/);
    } finally {
      running.sandbox.updateSettings({ paymentTries: 10 });
    }
  });

  it('the payment is recorded with the masked card only', () => {
    const json = JSON.stringify(running.sandbox.payments());
    assert.doesNotMatch(json, /4111111111111111|5399999999999999|4000000000000200/);
    assert.match(json, /XXXXXXXXXXXX1111/);
  });

  it('a second Pay on the same page goes to the same place and pays once', async () => {
    const order = hostedOrder(URLS);
    const { token } = await openCheckout(running.url, order);
    const first = await submitCard(running.url, token, { CARDNO: '4111111111111111' });
    const second = await submitCard(running.url, token, { CARDNO: '5399999999999999' });
    assert.equal(second.headers.get('location'), first.headers.get('location'));
    assert.equal(running.sandbox.payments({ orderId: order.ORDERID }).length, 1);
  });
});
