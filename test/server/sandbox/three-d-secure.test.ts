/**
 * 3-D Secure: the hosted page sends 4000000000000002 to the challenge page (STATUS 46 meanwhile);
 * DirectLink with FLAG3D=Y answers STATUS 46 with a base64 HTML_ANSWER that leads there. Approve
 * → authorised; fail → STATUS 2 / 40001134. Then feedback and return URLs like any payment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import {
  asRecord,
  cardOrder,
  directLink,
  hostedOrder,
  locationParameters,
  openCheckout,
  postForm,
  startReceiver,
  submitCard,
  type Receiver,
} from './helpers.ts';

let running: RunningSandbox;
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url });
});
after(async () => {
  await running.close();
  await receiver.close();
});

const URLS = {
  ACCEPTURL: 'https://shop.example/ok',
  DECLINEURL: 'https://shop.example/ko',
  EXCEPTIONURL: 'https://shop.example/ex',
  CANCELURL: 'https://shop.example/cancel',
};

async function startHostedChallenge(extra: Record<string, string> = {}) {
  const order = hostedOrder({ ...URLS, ...extra });
  const { token } = await openCheckout(running.url, order);
  const response = await submitCard(running.url, token, { CARDNO: '4000000000000002' });
  assert.equal(response.status, 303);
  const location = new URL(response.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, `${running.url}/ncol/test/sandbox_3ds.asp`);
  return { order, location, challengeToken: location.searchParams.get('TOKEN') ?? '' };
}

function answer(challengeToken: string, result: 'approve' | 'fail') {
  return postForm(`${running.url}/ncol/test/sandbox_3ds.asp`, { TOKEN: challengeToken, RESULT: result });
}

describe('3-D Secure', () => {
  it('hosted page: 46 while waiting, challenge page, approve → STATUS 5 with ECI 5 to ACCEPTURL', async () => {
    const { order, location, challengeToken } = await startHostedChallenge({ OPERATION: 'RES' });
    const [waiting] = running.sandbox.payments({ orderId: order.ORDERID });
    assert.equal(waiting?.status, 46);
    assert.equal(
      receiver.requests.filter((r) => asRecord(r.parameters).orderID === order.ORDERID).length,
      0,
      'no feedback while the shopper authenticates',
    );

    const page = await (await fetch(location)).text();
    assert.match(page, /3-D Secure authentication/);
    assert.match(page, /TEST PLATFORM/);
    assert.match(page, /XXXXXXXXXXXX0002/);
    assert.match(page, /name="RESULT" value="approve"/);
    assert.match(page, /name="RESULT" value="fail"/);

    const approved = await answer(challengeToken, 'approve');
    const { url, parameters } = locationParameters(approved);
    const feedback = asRecord(parameters);
    assert.equal(url.pathname, '/ok');
    assert.equal(feedback.STATUS, '5');
    assert.equal(feedback.orderID, order.ORDERID);
    assert.deepEqual(
      shaVerify(feedback, { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm, direction: 'out' }),
      { valid: true },
    );
    const serverToServer = receiver.requests.filter((r) => asRecord(r.parameters).orderID === order.ORDERID);
    assert.equal(serverToServer.length, 1, 'the server-to-server feedback came before the redirect');
    assert.equal(asRecord(serverToServer[0]!.parameters).STATUS, '5');
    assert.equal(running.sandbox.payments({ orderId: order.ORDERID })[0]?.eci, '5');

    const again = await answer(challengeToken, 'fail');
    assert.equal(again.headers.get('location'), approved.headers.get('location'), 'a second answer changes nothing');
  });

  it('hosted page: fail on the last try → STATUS 2, NCERROR 40001134 to DECLINEURL', async () => {
    running.sandbox.updateSettings({ paymentTries: 1 });
    try {
      const { challengeToken } = await startHostedChallenge();
      const failed = await answer(challengeToken, 'fail');
      const { url, parameters } = locationParameters(failed);
      assert.equal(url.pathname, '/ko');
      assert.equal(asRecord(parameters).STATUS, '2');
      assert.equal(asRecord(parameters).NCERROR, '40001134');
    } finally {
      running.sandbox.updateSettings({ paymentTries: 10 });
    }
  });

  it('hosted page: fail with tries left → back to the card page with the reason, no feedback; then paid', async () => {
    const { order, challengeToken } = await startHostedChallenge();
    const failed = await answer(challengeToken, 'fail');
    assert.equal(failed.status, 303);
    const back = new URL(failed.headers.get('location') ?? '');
    assert.equal(back.pathname, '/ncol/test/sandbox_pay.asp');
    const page = await (await fetch(back)).text();
    assert.match(page, /Authentication failed, please retry or cancel\./);
    assert.match(page, /NCERROR 40001134/);
    assert.equal(receiver.requests.filter((r) => asRecord(r.parameters).orderID === order.ORDERID).length, 0, 'no feedback yet');
    const again = await answer(challengeToken, 'fail');
    assert.equal(again.headers.get('location'), failed.headers.get('location'), 'a repeated answer goes to the same place');
    const token = back.searchParams.get('TOKEN') ?? '';
    const paid = await submitCard(running.url, token, { CARDNO: '4111111111111111' });
    const { url, parameters } = locationParameters(paid);
    assert.equal(url.pathname, '/ok');
    assert.equal(asRecord(parameters).STATUS, '9');
    const sent = receiver.requests
      .filter((r) => asRecord(r.parameters).orderID === order.ORDERID)
      .map((r) => asRecord(r.parameters).STATUS);
    assert.deepEqual(sent, ['9'], 'one feedback, for the final result');
  });

  it('DirectLink: FLAG3D=Y gives STATUS 46 and an HTML_ANSWER leading to the challenge, then the return URLs', async () => {
    const order = cardOrder({
      CARDNO: '4000000000000002',
      FLAG3D: 'Y',
      WIN3DS: 'MAINW',
      OPERATION: 'SAL',
      ...URLS,
      COMPLUS: 'basket-9',
      PARAMPLUS: 'session=abc',
    });
    const xml = await directLink(running.url, 'orderdirect', order);
    assert.equal(xml.STATUS, '46');
    assert.equal(xml.NCERROR, '0');
    assert.match(xml.PAYID ?? '', /^\d+$/);
    const form = Buffer.from(xml.HTML_ANSWER ?? '', 'base64').toString('utf8');
    assert.match(form, /<form name="downloadform3D" action="http:\/\/127\.0\.0\.1:\d+\/ncol\/test\/sandbox_3ds\.asp" method="post">/);
    const token = /name="TOKEN" value="([^"]+)"/.exec(form)?.[1] ?? '';

    // The merchant hands the form to the browser, which posts it: the challenge page shows.
    const shown = await postForm(`${running.url}/ncol/test/sandbox_3ds.asp`, { TOKEN: token });
    assert.equal(shown.status, 200);
    assert.match(await shown.text(), /3-D Secure authentication/);

    const approved = await answer(token, 'approve');
    const feedback = asRecord(locationParameters(approved).parameters);
    assert.equal(feedback.STATUS, '9');
    assert.equal(feedback.PAYID, xml.PAYID);
    assert.equal(feedback.COMPLUS, 'basket-9');
    assert.equal(feedback.session, 'abc');
    const query = await directLink(running.url, 'querydirect', { PAYID: xml.PAYID ?? '' });
    assert.equal(query.STATUS, '9');
  });

  it('DirectLink without FLAG3D: the enrolled card is authorised directly', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ CARDNO: '4000000000000002', OPERATION: 'RES' }));
    assert.equal(xml.STATUS, '5');
    assert.equal(xml.HTML_ANSWER, undefined);
  });

  it('an unknown challenge token shows an error and pays nothing', async () => {
    const response = await answer('nope', 'approve');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /unknown or has expired/);
  });
});
