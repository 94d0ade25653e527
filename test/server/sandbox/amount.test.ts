/**
 * The sandbox reads AMOUNT as the platform does — the amount × 100 for every currency — and
 * writes amounts back in major units (docs/ogone-protocol.md §2, §13). Every request here is a
 * hand-written form whose SHA-IN string is written out literally, in the guide's order
 * (e-Commerce Advanced guide, §Security: SHA — NAME=value + passphrase, names sorted), and hashed
 * with node:crypto: nothing of the signer's own code is used, so the sandbox cannot agree with
 * the signer by sharing its mistakes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { answerAmount, readRequestAmount, shopperAmount } from '../../../server/sandbox/amount.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { locationParameters, asRecord, parseNcResponse, postForm, submitCard } from './helpers.ts';

const P = SANDBOX_ACCOUNT.shaIn; // 'Sandbox-SHA-IN-key-16'
const ACCEPT = 'https://shop.example/accept';
const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

async function openHosted(form: Record<string, string>, shaString: string): Promise<{ html: string; token: string }> {
  const response = await postForm(`${running.url}/ncol/test/orderstandard_utf8.asp`, { ...form, SHASIGN: sha512(shaString) });
  const html = await response.text();
  return { html, token: /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

async function payAndReadFeedback(token: string): Promise<Record<string, string>> {
  const paid = await submitCard(running.url, token, { CARDNO: '4111111111111111' });
  assert.equal(paid.status, 303);
  return asRecord(locationParameters(paid).parameters);
}

async function directLink(page: 'orderdirect' | 'maintenancedirect' | 'querydirect', form: Record<string, string>, shaString: string) {
  const response = await postForm(`${running.url}/ncol/test/${page}_utf8.asp`, { ...form, SHASIGN: sha512(shaString) });
  assert.equal(response.status, 200);
  return parseNcResponse(await response.text());
}

describe('sandbox: AMOUNT is the amount × 100', () => {
  it('AMOUNT=150000 JPY is ¥1,500 on the card page, and the feedback says amount=1500', async () => {
    const form = { ACCEPTURL: ACCEPT, AMOUNT: '150000', CURRENCY: 'JPY', LANGUAGE: 'en_US', ORDERID: 'AMT-JPY-1', PSPID: 'TESTPSPID' };
    const { html, token } = await openHosted(
      form,
      `ACCEPTURL=${ACCEPT}${P}AMOUNT=150000${P}CURRENCY=JPY${P}LANGUAGE=en_US${P}ORDERID=AMT-JPY-1${P}PSPID=TESTPSPID${P}`,
    );
    assert.ok(token, html.slice(0, 300));
    assert.match(html, /id="amount">¥1,500<\/span>/);
    assert.doesNotMatch(html, /¥15\b|¥150,000/);
    const feedback = await payAndReadFeedback(token);
    assert.equal(feedback.amount, '1500');
    assert.equal(feedback.currency, 'JPY');
    assert.equal(feedback.STATUS, '9');
    const { payments } = (await (await fetch(`${running.url}/sandbox/payments?orderId=AMT-JPY-1`)).json()) as {
      payments: Array<{ amount: number; amountMajor: string }>;
    };
    assert.deepEqual([payments[0]?.amount, payments[0]?.amountMajor], [150000, '1500'], 'kept as received; shown in major units');
  });

  it('a French shopper sees "1 500 JPY" style; AMOUNT=123 KWD is 1.230 KWD and comes back as 1.23', async () => {
    const fr = await openHosted(
      { AMOUNT: '150000', CURRENCY: 'JPY', LANGUAGE: 'fr_FR', ORDERID: 'AMT-JPY-2', PSPID: 'TESTPSPID' },
      `AMOUNT=150000${P}CURRENCY=JPY${P}LANGUAGE=fr_FR${P}ORDERID=AMT-JPY-2${P}PSPID=TESTPSPID${P}`,
    );
    assert.match(fr.html, /id="amount">1\s500\sJPY<\/span>/);
    const kwd = await openHosted(
      { ACCEPTURL: ACCEPT, AMOUNT: '123', CURRENCY: 'KWD', LANGUAGE: 'en_US', ORDERID: 'AMT-KWD-1', PSPID: 'TESTPSPID' },
      `ACCEPTURL=${ACCEPT}${P}AMOUNT=123${P}CURRENCY=KWD${P}LANGUAGE=en_US${P}ORDERID=AMT-KWD-1${P}PSPID=TESTPSPID${P}`,
    );
    assert.match(kwd.html, /id="amount">KWD\s1\.230<\/span>/);
    assert.equal((await payAndReadFeedback(kwd.token)).amount, '1.23');
  });

  it('EUR: AMOUNT=1999 comes back as 19.99, AMOUNT=1500 as 15 (trailing zeros dropped)', async () => {
    const cents = await openHosted(
      { ACCEPTURL: ACCEPT, AMOUNT: '1999', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: 'AMT-EUR-1', PSPID: 'TESTPSPID' },
      `ACCEPTURL=${ACCEPT}${P}AMOUNT=1999${P}CURRENCY=EUR${P}LANGUAGE=en_US${P}ORDERID=AMT-EUR-1${P}PSPID=TESTPSPID${P}`,
    );
    assert.match(cents.html, /id="amount">€19\.99<\/span>/);
    assert.equal((await payAndReadFeedback(cents.token)).amount, '19.99');
    const whole = await openHosted(
      { ACCEPTURL: ACCEPT, AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: 'AMT-EUR-2', PSPID: 'TESTPSPID' },
      `ACCEPTURL=${ACCEPT}${P}AMOUNT=1500${P}CURRENCY=EUR${P}LANGUAGE=en_US${P}ORDERID=AMT-EUR-2${P}PSPID=TESTPSPID${P}`,
    );
    assert.equal((await payAndReadFeedback(whole.token)).amount, '15');
  });

  it("refuses a non-numeric or 16-digit AMOUNT with the platform's text", async () => {
    for (const amount of ['1500.00', '1234567890123456']) {
      const { html, token } = await openHosted(
        { AMOUNT: amount, CURRENCY: 'JPY', LANGUAGE: 'en_US', ORDERID: 'AMT-BAD', PSPID: 'TESTPSPID' },
        `AMOUNT=${amount}${P}CURRENCY=JPY${P}LANGUAGE=en_US${P}ORDERID=AMT-BAD${P}PSPID=TESTPSPID${P}`,
      );
      assert.equal(token, '');
      assert.ok(html.includes(`amount too long or not numeric: ${amount}`), amount);
    }
  });

  it('DirectLink: AMOUNT=150000 JPY answers amount="1500"; a partial capture of AMOUNT=50000 is ¥500', async () => {
    const creds = `PSPID=TESTPSPID${P}PSWD=api-password-42${P}USERID=api-user${P}`;
    const order = await directLink(
      'orderdirect',
      {
        AMOUNT: '150000',
        CARDNO: '4111111111111111',
        CN: 'Jane Doe',
        CURRENCY: 'JPY',
        CVC: '123',
        ED: '1239',
        OPERATION: 'RES',
        ORDERID: 'AMT-DL-JPY',
        PSPID: 'TESTPSPID',
        PSWD: 'api-password-42',
        USERID: 'api-user',
      },
      `AMOUNT=150000${P}CARDNO=4111111111111111${P}CN=Jane Doe${P}CURRENCY=JPY${P}CVC=123${P}ED=1239${P}OPERATION=RES${P}ORDERID=AMT-DL-JPY${P}${creds}`,
    );
    assert.equal(order.STATUS, '5', JSON.stringify(order));
    assert.equal(order.amount, '1500');
    assert.equal(order.currency, 'JPY');
    const payId = order.PAYID!;
    const tooMuch = await directLink(
      'maintenancedirect',
      { AMOUNT: '150100', OPERATION: 'SAL', PAYID: payId, PSPID: 'TESTPSPID', PSWD: 'api-password-42', USERID: 'api-user' },
      `AMOUNT=150100${P}OPERATION=SAL${P}PAYID=${payId}${P}${creds}`,
    );
    assert.equal(tooMuch.NCERROR, '50001126', '¥1,501 is more than the ¥1,500 authorised');
    const capture = await directLink(
      'maintenancedirect',
      { AMOUNT: '50000', OPERATION: 'SAL', PAYID: payId, PSPID: 'TESTPSPID', PSWD: 'api-password-42', USERID: 'api-user' },
      `AMOUNT=50000${P}OPERATION=SAL${P}PAYID=${payId}${P}${creds}`,
    );
    assert.equal(capture.STATUS, '91');
    assert.equal(capture.amount, '500');
    const query = await directLink(
      'querydirect',
      { PAYID: payId, PSPID: 'TESTPSPID', PSWD: 'api-password-42', USERID: 'api-user' },
      `PAYID=${payId}${P}${creds}`,
    );
    assert.equal(query.amount, '1500');
  });

  it('DirectLink: AMOUNT=123 KWD answers amount="1.23"', async () => {
    const creds = `PSPID=TESTPSPID${P}PSWD=api-password-42${P}USERID=api-user${P}`;
    const order = await directLink(
      'orderdirect',
      {
        AMOUNT: '123',
        CARDNO: '4111111111111111',
        CN: 'Jane Doe',
        CURRENCY: 'KWD',
        CVC: '123',
        ED: '1239',
        OPERATION: 'SAL',
        ORDERID: 'AMT-DL-KWD',
        PSPID: 'TESTPSPID',
        PSWD: 'api-password-42',
        USERID: 'api-user',
      },
      `AMOUNT=123${P}CARDNO=4111111111111111${P}CN=Jane Doe${P}CURRENCY=KWD${P}CVC=123${P}ED=1239${P}OPERATION=SAL${P}ORDERID=AMT-DL-KWD${P}${creds}`,
    );
    assert.equal(order.STATUS, '9', JSON.stringify(order));
    assert.equal(order.amount, '1.23');
  });
});

describe('sandbox: its own AMOUNT arithmetic', () => {
  it('reads digits only, at most 15, and writes major units without trailing zeros', () => {
    assert.equal(readRequestAmount('150000'), 150000);
    assert.equal(readRequestAmount('999999999999999'), 999999999999999);
    for (const bad of ['', '15.00', '1,5', '-1', '+1', ' 1', '1e3', '1234567890123456'])
      assert.equal(readRequestAmount(bad), undefined, bad);
    const written: Array<[number, string]> = [
      [150000, '1500'],
      [1999, '19.99'],
      [1500, '15'],
      [1550, '15.5'],
      [123, '1.23'],
      [5, '0.05'],
      [50, '0.5'],
      [150050, '1500.5'],
    ];
    for (const [hundredths, text] of written) assert.equal(answerAmount(hundredths), text, String(hundredths));
  });

  it("shows the currency's usual decimals, and a fraction the request carries rather than rounding it", () => {
    assert.equal(shopperAmount(150000, 'JPY', 'en-US'), '¥1,500');
    assert.equal(shopperAmount(150050, 'JPY', 'en-US'), '¥1,500.5');
    assert.equal(shopperAmount(1500, 'EUR', 'en-US'), '€15.00');
    assert.match(shopperAmount(123, 'KWD', 'en-US'), /^KWD\s1\.230$/);
  });
});
