/**
 * DirectLink maintenance and query: capture (SAL / SAS), refund (RFD / RFS), cancel (DEL / DES),
 * renew (REN) with the platform's rules; 91 / 81 / 61 resolving to 9 / 8 / 6 with a status-change
 * feedback; query by PAYID, PAYID + PAYIDSUB or ORDERID; every error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { defined, eventually } from '../../support/waiting.ts';
import { asRecord, cardOrder, directLink, hostedOrder, payHosted, startReceiver, type Receiver } from './helpers.ts';

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  // These tests follow the status-change feedback: "HTTP request for status changes" turned on
  // (off by default, docs/ogone-protocol.md §13).
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: 0, statusChangeFeedback: true });
});
after(async () => {
  await running.close();
  await receiver.close();
});

async function authorisation(amount = '1999') {
  const xml = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'RES', AMOUNT: amount }));
  assert.equal(xml.STATUS, '5');
  return xml.PAYID!;
}

async function sale(amount = '1999') {
  const xml = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'SAL', AMOUNT: amount }));
  assert.equal(xml.STATUS, '9');
  return xml.PAYID!;
}

const maintain = (params: Record<string, string>) => directLink(running.url, 'maintenancedirect', params);
const query = (params: Record<string, string>) => directLink(running.url, 'querydirect', params);

/** Waits until the order reaches `status` (maintenance is processed "offline"). */
function settled(payId: string, status: number) {
  return eventually(
    () => (running.sandbox.payment(payId)?.status === status ? true : undefined),
    defined,
    `PAYID ${payId} at STATUS ${status}`,
  );
}

function statusChanges(payId: string) {
  return receiver.requests.map((r) => asRecord(r.parameters)).filter((p) => p.PAYID === payId);
}

describe('DirectLink maintenance', () => {
  it('partial capture answers 91 with PAYIDSUB, becomes 9 and sends a signed status-change feedback', async () => {
    const payId = await authorisation();
    const xml = await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '500' });
    assert.deepEqual(
      [xml.STATUS, xml.NCERROR, xml.NCSTATUS, xml.PAYIDSUB, xml.amount, xml.currency, xml.PAYID],
      ['91', '0', '0', '1', '5', 'EUR', payId],
    );
    await settled(payId, 9);
    const [change] = await eventually(
      () => (statusChanges(payId).length > 0 ? statusChanges(payId) : undefined),
      defined,
      'status-change feedback',
    );
    assert.equal(change?.STATUS, '9');
    assert.equal(change?.amount, '19.99', 'the feedback carries the order amount');
    assert.deepEqual(
      shaVerify(change!, { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm, direction: 'out' }),
      { valid: true },
    );
    const level = await query({ PAYID: payId, PAYIDSUB: '1' });
    assert.deepEqual([level.STATUS, level.amount, level.PAYIDSUB], ['9', '5', '1']);
  });

  it('never captures more than what is left of the authorisation; SAS closes', async () => {
    const payId = await authorisation('1000');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '1001' })).NCERROR, '50001126');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '400' })).STATUS, '91');
    const over = await maintain({ PAYID: payId, OPERATION: 'SAS', AMOUNT: '700' });
    assert.deepEqual(
      [over.STATUS, over.NCERROR, over.NCERRORPLUS],
      ['0', '50001126', 'Overflow in data capture requests for the original order'],
    );
    // The rest named: without AMOUNT the SAS would ask for the whole 10.00 and overflow
    // (DirectLink guide §4.1.2; maintenance-without-amount.test.ts).
    const last = await maintain({ PAYID: payId, OPERATION: 'SAS', AMOUNT: '600' });
    assert.deepEqual([last.STATUS, last.amount], ['91', '6'], 'SAS of the rest captures it and closes');
    await settled(payId, 9);
    const again = await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '1' });
    assert.deepEqual([again.NCERROR, again.NCERRORPLUS], ['50001127', 'The original order is not in a correct status']);
    assert.equal(running.sandbox.payment(payId)?.captured, 1000);
  });

  it('an SAS for less than the rest captures that part and closes: a later SAL or SAS is refused, a refund is not', async () => {
    // DirectLink guide §4.1.2: SAS "last or full data capture … closing the transaction after this
    // operation"; §4.4: a maintenance on an order not in a correct status answers 50001127.
    const payId = await authorisation('10000');
    const part = await maintain({ PAYID: payId, OPERATION: 'SAS', AMOUNT: '6000' });
    assert.deepEqual([part.STATUS, part.NCERROR, part.amount], ['91', '0', '60'], 'SAS of a part is accepted');
    // Closed at once, while the SAS is still processed offline: a second capture in flight is refused.
    const during = await maintain({ PAYID: payId, OPERATION: 'SAL', AMOUNT: '1000' });
    assert.deepEqual([during.NCERROR, during.NCERRORPLUS], ['50001127', 'The original order is not in a correct status']);
    await settled(payId, 9);
    for (const operation of ['SAL', 'SAS']) {
      const after = await maintain({ PAYID: payId, OPERATION: operation, AMOUNT: '1000' });
      assert.deepEqual([after.STATUS, after.NCERROR], ['0', '50001127'], `${operation} after the SAS`);
    }
    assert.deepEqual([running.sandbox.payment(payId)?.captured, running.sandbox.payment(payId)?.amount], [6000, 10000]);
    const refund = await maintain({ PAYID: payId, OPERATION: 'RFS', AMOUNT: '6000' });
    assert.deepEqual([refund.STATUS, refund.NCERROR], ['81', '0'], 'what was captured can be refunded');
  });

  it('cancel (DES) → 61 → 6; a cancelled payment cannot be captured', async () => {
    const payId = await authorisation();
    const cancelled = await maintain({ PAYID: payId, OPERATION: 'DES' });
    assert.equal(cancelled.STATUS, '61');
    await settled(payId, 6);
    const capture = await maintain({ PAYID: payId, OPERATION: 'SAS' });
    assert.equal(capture.NCERROR, '50001127');
    assert.equal(capture.STATUS, '0');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'DES' })).NCERROR, '50001127', 'a repeated maintenance is refused');
    assert.equal((await query({ PAYID: payId })).STATUS, '6');
    await eventually(() => (statusChanges(payId).some((p) => p.STATUS === '6') ? true : undefined), defined, 'feedback with STATUS 6');
  });

  it('DEL keeps the order open: REN renews the authorisation, which can then be captured', async () => {
    const payId = await authorisation();
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'DEL' })).STATUS, '61');
    await settled(payId, 6);
    const renewed = await maintain({ PAYID: payId, OPERATION: 'REN' });
    assert.equal(renewed.STATUS, '5', 'renewal is processed online');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'SAS' })).STATUS, '91');
    await settled(payId, 9);
  });

  it('refunds only what was captured: RFD → 81 → 8, overflow 50001129, RFS closes', async () => {
    const payId = await sale('2000');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '2001' })).NCERROR, '50001129');
    const partial = await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '500' });
    assert.deepEqual([partial.STATUS, partial.amount], ['81', '5']);
    await settled(payId, 8);
    const over = await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '1501' });
    assert.deepEqual([over.NCERROR, over.NCERRORPLUS], ['50001129', 'Overflow in refunds requests']);
    const rest = await maintain({ PAYID: payId, OPERATION: 'RFS', AMOUNT: '1500' });
    assert.deepEqual([rest.STATUS, rest.amount], ['81', '15']);
    await eventually(() => (running.sandbox.payment(payId)?.refunded === 2000 ? true : undefined), defined, 'fully refunded');
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '1' })).NCERROR, '50001127');
  });

  it('nothing to refund on an authorisation, nothing to do on a refused payment', async () => {
    const payId = await authorisation();
    assert.equal((await maintain({ PAYID: payId, OPERATION: 'RFD', AMOUNT: '100' })).NCERROR, '50001127');
    const refused = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000000200' }));
    assert.equal((await maintain({ PAYID: refused.PAYID!, OPERATION: 'SAS' })).NCERROR, '50001127');
    assert.equal((await maintain({ PAYID: refused.PAYID!, OPERATION: 'DES' })).NCERROR, '50001127');
  });

  it('two concurrent full captures: exactly one goes through', async () => {
    const payId = await authorisation();
    const answers = await Promise.all([maintain({ PAYID: payId, OPERATION: 'SAS' }), maintain({ PAYID: payId, OPERATION: 'SAS' })]);
    assert.deepEqual(answers.map((a) => a.STATUS).sort(), ['0', '91']);
    await settled(payId, 9);
    assert.equal(running.sandbox.payment(payId)?.captured, 1999);
  });

  it('identifies the order by ORDERID too', async () => {
    const order = cardOrder({ OPERATION: 'RES' });
    const created = await directLink(running.url, 'orderdirect', order);
    const xml = await maintain({ ORDERID: order.ORDERID!, OPERATION: 'SAS' });
    assert.deepEqual([xml.STATUS, xml.PAYID, xml.orderID], ['91', created.PAYID, order.ORDERID]);
  });

  describe('errors (nothing changes)', () => {
    it('each one with its NCERROR', async () => {
      const payId = await authorisation();
      const cases: Array<[Record<string, string>, string, string, { sign?: boolean }?]> = [
        [{ OPERATION: 'SAS' }, '50001111', ' no payid'],
        [{ PAYID: '999', OPERATION: 'SAS' }, '50001130', 'Error access to original order'],
        [{ PAYID: payId }, '50001111', ' no operation'],
        [{ PAYID: payId, OPERATION: 'XYZ' }, '50001046', 'Operation not allowed for the merchant'],
        [{ PAYID: payId, OPERATION: 'SAL', AMOUNT: '1.5' }, '50001006', 'amount too long or not numeric: 1.5'],
        [{ PAYID: payId, OPERATION: 'SAL', AMOUNT: '0' }, '50001111', ' amount zero not permitted'],
        [{ PAYID: payId, OPERATION: 'SAS', PSWD: 'wrong' }, '50001119', 'Password incorrect or disabled due to numbers of errors'],
        [{ PAYID: payId, OPERATION: 'SAS' }, '50001184', 'unknown order/0/s', { sign: false }],
      ];
      for (const [params, code, plus, options] of cases) {
        const xml = await directLink(running.url, 'maintenancedirect', params, options);
        assert.deepEqual([xml.STATUS, xml.NCSTATUS, xml.NCERROR, xml.NCERRORPLUS], ['0', '5', code, plus], JSON.stringify(params));
      }
      const payment = running.sandbox.payment(payId);
      assert.deepEqual([payment?.status, payment?.history.length, payment?.capturePending], [5, 1, 0]);
    });
  });
});

describe('DirectLink query', () => {
  it('by PAYID and by ORDERID: status, masked card, IP', async () => {
    const order = cardOrder({ OPERATION: 'RES', REMOTE_ADDR: '203.0.113.7' });
    const created = await directLink(running.url, 'orderdirect', order);
    const lookups: Array<Record<string, string>> = [{ PAYID: created.PAYID! }, { ORDERID: order.ORDERID }];
    for (const by of lookups) {
      const xml = await query(by);
      assert.deepEqual(
        [
          xml.orderID,
          xml.PAYID,
          xml.PAYIDSUB,
          xml.STATUS,
          xml.NCERROR,
          xml.ACCEPTANCE,
          xml.amount,
          xml.currency,
          xml.BRAND,
          xml.CARDNO,
          xml.IP,
          xml.ECI,
        ],
        [order.ORDERID, created.PAYID, '0', '5', '0', 'test123', '19.99', 'EUR', 'VISA', 'XXXXXXXXXXXX1111', '203.0.113.7', '7'],
      );
    }
  });

  it('an e-Commerce order also returns COMPLUS and the PARAMPLUS pairs', async () => {
    const order = hostedOrder({
      ACCEPTURL: 'https://shop.example/ok',
      COMPLUS: 'basket-1',
      PARAMPLUS: 'SessionID=126548354&ShopperID=73541312',
    });
    await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const xml = await query({ ORDERID: order.ORDERID! });
    assert.deepEqual([xml.STATUS, xml.COMPLUS, xml.SessionID, xml.ShopperID], ['9', 'basket-1', '126548354', '73541312']);
  });

  it('a refused payment reports its NCERROR', async () => {
    const refused = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000000200' }));
    const xml = await query({ PAYID: refused.PAYID! });
    assert.deepEqual([xml.STATUS, xml.NCERROR, xml.NCSTATUS, xml.NCERRORPLUS], ['2', '30001001', '3', 'Payment refused by the acquirer']);
  });

  it('a failed query answers STATUS 88 with the reason', async () => {
    const payId = await authorisation();
    const cases: Array<[Record<string, string>, string, { sign?: boolean }?]> = [
      [{ PAYID: '42' }, '50001130'],
      [{ ORDERID: 'never-seen' }, '50001130'],
      [{ PAYID: payId, PAYIDSUB: '7' }, '50001131'],
      [{}, '50001111'],
      [{ PAYID: payId, USERID: 'intruder' }, '50001119'],
      [{ PAYID: payId }, '50001184', { sign: false }],
    ];
    for (const [params, code, options] of cases) {
      const xml = await directLink(running.url, 'querydirect', params, options);
      assert.deepEqual([xml.STATUS, xml.NCERROR], ['88', code], JSON.stringify(params));
    }
  });
});

describe('offline processing delay', () => {
  let slow: RunningSandbox;
  before(async () => {
    slow = await startSandbox({ ...SANDBOX_ACCOUNT, maintenanceDelayMs: 60_000 });
  });
  after(() => slow.close());

  it('a capture stays 91 until processed; what is pending counts against the authorisation', async () => {
    const created = await directLink(slow.url, 'orderdirect', cardOrder({ OPERATION: 'RES', AMOUNT: '1000' }));
    assert.equal(
      (await directLink(slow.url, 'maintenancedirect', { PAYID: created.PAYID!, OPERATION: 'SAL', AMOUNT: '600' })).STATUS,
      '91',
    );
    assert.equal((await directLink(slow.url, 'querydirect', { PAYID: created.PAYID! })).STATUS, '91');
    assert.equal(
      (await directLink(slow.url, 'maintenancedirect', { PAYID: created.PAYID!, OPERATION: 'SAL', AMOUNT: '500' })).NCERROR,
      '50001126',
    );
    assert.equal(
      (await directLink(slow.url, 'maintenancedirect', { PAYID: created.PAYID!, OPERATION: 'RFD', AMOUNT: '100' })).NCERROR,
      '50001127',
      'nothing captured yet',
    );
  });
});
