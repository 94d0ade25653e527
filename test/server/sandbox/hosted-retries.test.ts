/**
 * Payment retry on the hosted page, as the e-Commerce guides describe it: a refused card keeps
 * the shopper on the card page with the reason (the platform's NCERROR text) until the account's
 * number of tries is used up; only then — or on Cancel — does the browser go to DECLINEURL
 * (CANCELURL) with ONE feedback. Requests are written by hand from the guide (literal values,
 * SHA-IN computed here with node:crypto), not with the signer's functions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { defined, eventually } from '../../support/waiting.ts';
import { asRecord, locationParameters, orderId, postForm, startReceiver, type Receiver } from './helpers.ts';

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, paymentTries: 3 });
});
after(async () => {
  await running.close();
  await receiver.close();
});

/** SHA-IN by hand: names in alphabetical order (all letters here), NAME=value + passphrase each, SHA-512, upper-case hex. */
function handSigned(fields: Record<string, string>): Record<string, string> {
  const names = Object.keys(fields)
    .filter((name) => fields[name] !== '')
    .sort();
  const text = names.map((name) => `${name}=${fields[name]}${SANDBOX_ACCOUNT.shaIn}`).join('');
  return { ...fields, SHASIGN: createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase() };
}

/** €19.99 as the guide writes it: AMOUNT=1999. */
function order(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PSPID: 'TESTPSPID',
    ORDERID: orderId('RETRY'),
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    LANGUAGE: 'en_US',
    ACCEPTURL: 'https://shop.example/ok',
    DECLINEURL: 'https://shop.example/ko',
    CANCELURL: 'https://shop.example/cancel',
    ...extra,
  };
}

async function open(fields: Record<string, string>): Promise<string> {
  const response = await postForm(`${running.url}/ncol/test/orderstandard_utf8.asp`, handSigned(fields));
  const html = await response.text();
  assert.equal(response.status, 200, html);
  const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the card page opened');
  return token;
}

function pay(token: string, cardNo: string, action = 'pay'): Promise<Response> {
  return postForm(`${running.url}/ncol/test/sandbox_pay.asp`, {
    TOKEN: token,
    CARDNO: cardNo,
    ED: '12/39',
    CVC: '123',
    CN: 'Jane Doe',
    ACTION: action,
  });
}

function feedbacksOf(orderID: string): Array<Record<string, string>> {
  return receiver.requests.map((request) => asRecord(request.parameters)).filter((parameters) => parameters.orderID === orderID);
}

const REFUSED = '4000000000000200';
const VISA = '4111111111111111';

describe('payment retry on the hosted page', () => {
  it('a refused try stays on the card page with the reason and the tries left; nothing is sent', async () => {
    const fields = order();
    const token = await open(fields);
    const first = await pay(token, REFUSED);
    assert.equal(first.status, 200, 'no redirect after a refusal with tries left');
    const html = await first.text();
    assert.match(html, /<h2 id="error-summary-title">Your payment has been refused<\/h2>/);
    assert.match(html, /<span lang="en" id="refusal-reason">Payment refused by the acquirer<\/span> \(NCERROR 30001001\)/);
    assert.match(html, /data-tries-left="2"/);
    assert.match(html, /name="TOKEN" value="/, 'the form is there to try again');
    assert.match(html, /id="CARDNO" name="CARDNO" value=""/, 'the card number is not sent back');
    assert.match(html, /id="CN" name="CN" value="Jane Doe"/);
    assert.deepEqual(feedbacksOf(fields.ORDERID!), [], 'no feedback before the result is final');
  });

  it('the last refused try goes to DECLINEURL with one feedback, STATUS 2', async () => {
    const fields = order();
    const token = await open(fields);
    assert.match(await (await pay(token, REFUSED)).text(), /data-tries-left="2"/);
    assert.match(await (await pay(token, REFUSED)).text(), /data-tries-left="1"/);
    const last = await pay(token, REFUSED);
    assert.equal(last.status, 303);
    const { url, parameters } = locationParameters(last);
    assert.equal(`${url.origin}${url.pathname}`, 'https://shop.example/ko');
    const redirect = asRecord(parameters);
    assert.equal(redirect.STATUS, '2');
    assert.equal(redirect.NCERROR, '30001001');
    assert.equal(redirect.amount, '19.99');
    const sent = feedbacksOf(fields.ORDERID!);
    assert.equal(sent.length, 1, 'exactly one server-to-server feedback');
    assert.equal(sent[0]!.STATUS, '2');
    assert.equal(sent[0]!.PAYID, redirect.PAYID);
    // Pay once more on the same page (Back, then Pay): the same place, nothing new sent.
    const again = await pay(token, VISA);
    assert.equal(again.headers.get('location'), last.headers.get('location'));
    assert.equal(feedbacksOf(fields.ORDERID!).length, 1);
    assert.deepEqual(
      running.sandbox.payments({ orderId: fields.ORDERID! }).map((p) => p.status),
      [2, 2, 2],
      'three refused tries, no payment',
    );
  });

  it('refused then accepted: ACCEPTURL with STATUS 9, one feedback, the query answers 9', async () => {
    const fields = order();
    const token = await open(fields);
    assert.equal((await pay(token, REFUSED)).status, 200);
    const accepted = await pay(token, VISA);
    const { url, parameters } = locationParameters(accepted);
    assert.equal(`${url.origin}${url.pathname}`, 'https://shop.example/ok');
    assert.equal(asRecord(parameters).STATUS, '9');
    assert.equal(asRecord(parameters).CARDNO, 'XXXXXXXXXXXX1111');
    assert.deepEqual(
      feedbacksOf(fields.ORDERID!).map((f) => f.STATUS),
      ['9'],
    );
    const payments = running.sandbox.payments({ orderId: fields.ORDERID! });
    assert.deepEqual(
      payments.map((p) => p.status),
      [2, 9],
    );
    assert.equal(payments.filter((p) => p.captured === 1999).length, 1, 'captured once');
  });

  it('Cancel after a refused try: CANCELURL with STATUS 1, one feedback', async () => {
    const fields = order();
    const token = await open(fields);
    assert.equal((await pay(token, REFUSED)).status, 200);
    const cancelled = await pay(token, '', 'cancel');
    const { url, parameters } = locationParameters(cancelled);
    assert.equal(`${url.origin}${url.pathname}`, 'https://shop.example/cancel');
    assert.equal(asRecord(parameters).STATUS, '1');
    assert.deepEqual(
      feedbacksOf(fields.ORDERID!).map((f) => f.STATUS),
      ['1'],
    );
  });

  it('the same refused Pay sent 6 times at once: the tries are counted once each, one feedback STATUS 2', async () => {
    const fields = order();
    const token = await open(fields);
    const responses = await Promise.all(Array.from({ length: 6 }, () => pay(token, REFUSED)));
    const statuses = responses.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 303, 303, 303, 303]);
    const locations = new Set(responses.filter((r) => r.status === 303).map((r) => r.headers.get('location')));
    assert.equal(locations.size, 1, 'every late request goes where the last try went');
    await eventually(() => (feedbacksOf(fields.ORDERID!).length >= 1 ? true : undefined), defined, 'the feedback');
    assert.deepEqual(
      feedbacksOf(fields.ORDERID!).map((f) => f.STATUS),
      ['2'],
    );
    assert.equal(running.sandbox.payments({ orderId: fields.ORDERID! }).length, 3, 'three tries, not six');
  });

  it('field errors are not tries: a mistyped number does not use one up', async () => {
    const fields = order();
    const token = await open(fields);
    const typo = await pay(token, '4111111111111112');
    assert.equal(typo.status, 400);
    assert.match(await (await pay(token, REFUSED)).text(), /data-tries-left="2"/);
  });

  it('the number of tries comes from the control API (POST /sandbox/settings), and a reset restores it', async () => {
    const set = await fetch(`${running.url}/sandbox/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"paymentTries":1}',
    });
    assert.equal(set.status, 200);
    assert.deepEqual(((await set.json()) as { settings: unknown }).settings, { paymentTries: 1, statusChangeFeedback: false });
    try {
      const fields = order();
      const token = await open(fields);
      const only = await pay(token, REFUSED);
      assert.equal(only.status, 303, 'one try: the first refusal is final');
      assert.equal(locationParameters(only).url.pathname, '/ko');
      assert.deepEqual(
        feedbacksOf(fields.ORDERID!).map((f) => f.STATUS),
        ['2'],
      );
    } finally {
      await fetch(`${running.url}/sandbox/reset`, { method: 'POST' });
    }
    const restored = (await (await fetch(`${running.url}/sandbox/settings`)).json()) as { settings: unknown };
    assert.deepEqual(restored.settings, { paymentTries: 3, statusChangeFeedback: false });
  });
});
