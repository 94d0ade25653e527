/**
 * DirectLink new orders: RES / SAL, the XML shape, each test card, wrong credentials and SHA
 * (nothing created), validation errors with their NCERROR, duplicate ORDERID 50001113.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink, orderId, parseNcResponse, postForm, signed } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

describe('DirectLink orderdirect', () => {
  it('answers the documented <ncresponse/> for an authorisation (RES → 5)', async () => {
    const order = cardOrder({ OPERATION: 'RES', AMOUNT: '12500' });
    const response = await postForm(
      `${running.url}/ncol/test/orderdirect_utf8.asp`,
      signed({ PSPID: SANDBOX_ACCOUNT.pspid, USERID: SANDBOX_ACCOUNT.userId, PSWD: SANDBOX_ACCOUNT.password, ...order }),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
    const text = await response.text();
    assert.match(text, /^<\?xml version="1\.0"\?>\n<ncresponse\n orderID="DL-/);
    assert.match(text, /\/>\n$/);
    assert.doesNotMatch(text, /4111111111111111|api-password/);
    const xml = parseNcResponse(text);
    assert.equal(xml.orderID, order.ORDERID);
    assert.match(xml.PAYID ?? '', /^\d{7,}$/);
    assert.equal(xml.NCSTATUS, '0');
    assert.equal(xml.NCERROR, '0');
    assert.equal(xml.NCERRORPLUS, '!');
    assert.equal(xml.ACCEPTANCE, 'test123');
    assert.equal(xml.STATUS, '5');
    assert.equal(xml.ECI, '7');
    assert.equal(xml.amount, '125');
    assert.equal(xml.currency, 'EUR');
    assert.equal(xml.PM, 'CreditCard');
    assert.equal(xml.BRAND, 'VISA');
  });

  it('SAL or no OPERATION → 9; PAU → 5', async () => {
    assert.equal((await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL' }))).STATUS, '9');
    assert.equal((await directLink(running.url, 'orderdirect', cardOrder())).STATUS, '9');
    assert.equal((await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'PAU', CARDNO: '5399999999999999' }))).STATUS, '5');
  });

  it('each test card: refused 2 / 30001001, uncertain 92 / 20001001, exception 52 / 20002005', async () => {
    const refused = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000000200' }));
    assert.deepEqual(
      [refused.STATUS, refused.NCERROR, refused.NCSTATUS, refused.NCERRORPLUS],
      ['2', '30001001', '3', 'Payment refused by the acquirer'],
    );
    assert.match(refused.PAYID ?? '', /^\d+$/, 'a refused payment exists with its PAYID');
    const uncertain = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000009292' }));
    assert.deepEqual([uncertain.STATUS, uncertain.NCERROR, uncertain.NCSTATUS], ['92', '20001001', '2']);
    const exception = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000005258', OPERATION: 'RES' }));
    assert.deepEqual([exception.STATUS, exception.NCERROR], ['52', '20002005']);
  });

  it('a refused ORDERID may be retried; an accepted one is a duplicate: STATUS 0, 50001113, original PAYID', async () => {
    const id = orderId('DL');
    const refused = await directLink(running.url, 'orderdirect', cardOrder({ ORDERID: id, CARDNO: '4000000000000200' }));
    const accepted = await directLink(running.url, 'orderdirect', cardOrder({ ORDERID: id }));
    assert.equal(accepted.STATUS, '9');
    assert.notEqual(accepted.PAYID, refused.PAYID);
    const duplicate = await directLink(running.url, 'orderdirect', cardOrder({ ORDERID: id, AMOUNT: '5' }));
    assert.equal(duplicate.STATUS, '0');
    assert.equal(duplicate.NCERROR, '50001113');
    assert.equal(duplicate.NCERRORPLUS, 'This order has already been processed');
    assert.equal(duplicate.PAYID, accepted.PAYID);
    assert.equal(duplicate.ACCEPTANCE, 'test123');
    assert.equal(running.sandbox.payments({ orderId: id }).length, 2, 'no second charge');
  });

  describe('authentication (nothing is created)', () => {
    const cases: Array<[string, Record<string, string>, string, string, boolean?]> = [
      // The DirectLink guide's §7 "Troubleshooting" texts: "no <parameter> (for instance: no PSPID)".
      ['no PSPID', { PSPID: '' }, '50001111', ' no pspid'],
      ['unknown PSPID', { PSPID: 'NOBODY' }, '50001118', 'PSPID not found or not active'],
      ['wrong USERID', { USERID: 'someone' }, '50001119', 'Password incorrect or disabled due to numbers of errors'],
      ['wrong PSWD', { PSWD: 'guess' }, '50001119', 'Password incorrect or disabled due to numbers of errors'],
      ['missing PSWD', { PSWD: '' }, '50001119', 'Password incorrect or disabled due to numbers of errors'],
      ['missing SHASIGN', {}, '50001184', 'unknown order/0/s', false],
    ];
    for (const [name, override, code, plus, sign] of cases) {
      it(`${name} → ${code}`, async () => {
        const before = running.sandbox.payments().length;
        const order = cardOrder();
        const xml = await directLink(running.url, 'orderdirect', { ...order, ...override }, { sign: sign ?? true });
        assert.deepEqual([xml.STATUS, xml.NCSTATUS, xml.NCERROR, xml.NCERRORPLUS, xml.PAYID], ['0', '5', code, plus, '0']);
        assert.equal(xml.orderID, order.ORDERID);
        assert.equal(running.sandbox.payments().length, before);
      });
    }
    it('SHASIGN over other values (tampered amount) → 50001184 unknown order/1/s', async () => {
      const body = signed({ PSPID: SANDBOX_ACCOUNT.pspid, USERID: SANDBOX_ACCOUNT.userId, PSWD: SANDBOX_ACCOUNT.password, ...cardOrder() });
      const response = await postForm(`${running.url}/ncol/test/orderdirect_utf8.asp`, { ...body, AMOUNT: '1' });
      const xml = parseNcResponse(await response.text());
      assert.deepEqual([xml.NCERROR, xml.NCERRORPLUS], ['50001184', 'unknown order/1/s']);
    });
  });

  describe('validation', () => {
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ['no ORDERID', { ORDERID: '' }, '50001111', ' no orderid'],
      ['no AMOUNT', { AMOUNT: '' }, '50001111', ' no amount'],
      ['amount with decimals', { AMOUNT: '19.99' }, '50001006', 'amount too long or not numeric: 19.99'],
      ['no CURRENCY', { CURRENCY: '' }, '50001111', ' no currency'],
      // "<parameter> too long (for instance: CURRENCY too long)" (§7).
      ['CURRENCY too long', { CURRENCY: 'EURO' }, '50001111', ' currency too long'],
      ['unknown currency', { CURRENCY: 'EUX' }, '50001015', 'not a valid currency : EUX'],
      ['unreferenced credit', { OPERATION: 'RFD' }, '50001046', 'Operation not allowed for the merchant'],
      [
        'ECI set by the platform',
        { ECI: '5' },
        '50001070',
        'The ECI value given is either not supported, or in conflict with other data in the transaction',
      ],
      ['no card, no alias', { CARDNO: '' }, '50001178', 'Card Number Empty'],
      ['card number with letters', { CARDNO: '4111abc' }, '50001177', 'Card number contains non-numeric info'],
      ['no brand (1111…)', { CARDNO: '1111111111111111' }, '50001001', 'Unknown card type'],
      ['Luhn check fails', { CARDNO: '4111111111111112' }, '50001068', 'The card number or account number (PAN) is invalid'],
      ['expiry month 13', { ED: '1330' }, '50001182', 'Invalid expiration month'],
      ['expired card', { ED: '0120' }, '50001183', 'Expiration date must be in the future'],
      ['expiry with letters', { ED: 'ab/cd' }, '50001181', 'Expiration date contains non-numeric info'],
      ['no CVC on an e-commerce order', { CVC: '' }, '50001090', 'CVC missing at input, but CVC check asked'],
      ['CVC with letters', { CVC: '12a' }, '50001180', 'CVC contains non-numeric info'],
      ['3-digit CVC on an Amex', { CARDNO: '374111111111111', CVC: '123' }, '50001066', 'Format of CVC code invalid'],
      ['CVC over 4 digits', { CVC: '12345' }, '50001179', 'CVC too long'],
      ['card number over 21 digits', { CARDNO: '4'.repeat(22) }, '50001176', 'Card number is too long'],
      ['CN over 35 characters', { CN: 'N'.repeat(36) }, '50001174', 'Card Holder Name is too long'],
    ];
    for (const [name, override, code, plus] of cases) {
      it(`${name} → ${code}`, async () => {
        const before = running.sandbox.payments().length;
        const xml = await directLink(running.url, 'orderdirect', cardOrder(override));
        assert.deepEqual([xml.STATUS, xml.NCSTATUS, xml.NCERROR, xml.NCERRORPLUS], ['0', '5', code, plus]);
        assert.equal(running.sandbox.payments().length, before);
      });
    }
    it('a recurring order (ECI 9) needs no CVC', async () => {
      const xml = await directLink(running.url, 'orderdirect', cardOrder({ CVC: '', ECI: '9' }));
      assert.equal(xml.STATUS, '9');
    });
  });

  it('also answers on the plain page name, in ISO-8859-1', async () => {
    const response = await postForm(
      `${running.url}/ncol/test/orderdirect.asp`,
      signed({
        PSPID: SANDBOX_ACCOUNT.pspid,
        USERID: SANDBOX_ACCOUNT.userId,
        PSWD: SANDBOX_ACCOUNT.password,
        ...cardOrder({ CN: 'Jose' }),
      }),
    );
    assert.equal(response.headers.get('content-type'), 'text/XML; Charset=iso-8859-1');
    assert.match(await response.text(), /STATUS="9"/);
  });
});
