/**
 * The control API under /sandbox/: list and inspect payments, re-send a feedback, resolve an
 * uncertain payment, inject faults into the server-to-server requests, reset. JSON errors name
 * the field.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { defined, eventually } from '../../support/waiting.ts';
import {
  asRecord,
  cardOrder,
  directLink,
  hostedOrder,
  openCheckout,
  payHosted,
  startReceiver,
  submitCard,
  type Receiver,
} from './helpers.ts';

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, retry: { delaysMs: [20, 20] } });
});
after(async () => {
  await running.close();
  await receiver.close();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${running.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

const URLS = { ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko', EXCEPTIONURL: 'https://shop.example/ex' };

describe('control API', () => {
  it('GET /sandbox describes the endpoints and the test cards', async () => {
    const { status, json } = await api('GET', '/sandbox');
    assert.equal(status, 200);
    assert.ok(json.endpoints.reset);
    assert.deepEqual(json.testCards.map((card: { number: string }) => card.number).slice(0, 2), ['4111111111111111', '5399999999999999']);
  });

  it('lists payments (masked), filters by orderId, shows one with its deliveries', async () => {
    const order = hostedOrder(URLS);
    await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const { json: list } = await api('GET', `/sandbox/payments?orderId=${order.ORDERID}`);
    assert.equal(list.payments.length, 1);
    const [payment] = list.payments;
    assert.equal(payment.status, 9);
    assert.equal(payment.cardNo, 'XXXXXXXXXXXX1111');
    assert.equal(payment.amount, 1999);
    assert.equal(payment.deliveries[0].state, 'delivered');
    assert.equal(payment.deliveries[0].parameters.orderID, order.ORDERID);
    const { status, json } = await api('GET', `/sandbox/payments/${payment.payId}`);
    assert.equal(status, 200);
    assert.equal(json.payment.orderId, order.ORDERID);
    const all = await api('GET', '/sandbox/payments');
    assert.ok(all.json.payments.length >= 1);
    assert.doesNotMatch(JSON.stringify(all.json), /4111111111111111/);
  });

  it('unknown PAYID → 404 with a JSON error naming the field', async () => {
    const { status, json } = await api('GET', '/sandbox/payments/123');
    assert.equal(status, 404);
    assert.deepEqual(json, { error: { code: 'payment_not_found', message: 'no payment with PAYID "123"', field: 'payId' } });
    assert.equal((await api('POST', '/sandbox/payments/123/feedback')).status, 404);
  });

  it('re-sends a feedback with the same signed parameters', async () => {
    const order = hostedOrder(URLS);
    await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const [payment] = running.sandbox.payments({ orderId: order.ORDERID });
    const { status, json } = await api('POST', `/sandbox/payments/${payment!.payId}/feedback`);
    assert.equal(status, 200);
    assert.equal(json.delivery.reason, 'resend');
    assert.equal(json.delivery.state, 'delivered');
    const received = receiver.requests.filter((r) => asRecord(r.parameters).orderID === order.ORDERID);
    assert.equal(received.length, 2);
    assert.deepEqual(received[1]!.parameters, received[0]!.parameters);
  });

  it('resolves an uncertain payment (92 → 9) and sends the status-change feedback (when those are on)', async () => {
    // "HTTP request for status changes" is off by default, as doctor tells merchants to set it.
    assert.equal((await api('POST', '/sandbox/settings', { statusChangeFeedback: true })).status, 200);
    try {
      await resolveUncertain();
    } finally {
      await api('POST', '/sandbox/settings', { statusChangeFeedback: false });
    }
  });

  async function resolveUncertain() {
    const order = hostedOrder(URLS);
    await payHosted(running.url, order, { CARDNO: '4000000000009292' });
    const [payment] = running.sandbox.payments({ orderId: order.ORDERID });
    assert.equal(payment?.status, 92);
    const { status, json } = await api('POST', `/sandbox/payments/${payment!.payId}/resolve`, { status: 9 });
    assert.equal(status, 200);
    assert.equal(json.payment.status, 9);
    assert.equal(json.payment.ncError, '0');
    const statuses = receiver.requests
      .filter((r) => asRecord(r.parameters).orderID === order.ORDERID)
      .map((r) => asRecord(r.parameters).STATUS);
    assert.deepEqual(statuses, ['92', '9']);
    const query = await directLink(running.url, 'querydirect', { PAYID: payment!.payId });
    assert.equal(query.STATUS, '9');

    const again = await api('POST', `/sandbox/payments/${payment!.payId}/resolve`, { status: 2 });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'not_resolvable');
  }

  it('resolving an abandoned 3-D Secure payment ends its challenge', async () => {
    const order = hostedOrder(URLS);
    const { token } = await openCheckout(running.url, order);
    const toChallenge = await submitCard(running.url, token, { CARDNO: '4000000000000002' });
    const challenge = toChallenge.headers.get('location')!;
    const [payment] = running.sandbox.payments({ orderId: order.ORDERID });
    await api('POST', `/sandbox/payments/${payment!.payId}/resolve`, { status: 2 });
    assert.equal((await fetch(challenge)).status, 404);
  });

  it('validates request bodies', async () => {
    const [payment] = running.sandbox.payments();
    const bad = await api('POST', `/sandbox/payments/${payment!.payId}/resolve`, { status: 7 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error, { code: 'invalid_request', message: 'status must be 5, 9, 2 or 93', field: 'status' });
    const notJson = await api('POST', '/sandbox/faults', '{fail:');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.error.code, 'invalid_json');
    const negative = await api('POST', '/sandbox/faults', { fail: -1 });
    assert.deepEqual(negative.json.error, { code: 'invalid_request', message: 'fail must be 0 or more', field: 'fail' });
    const unknown = await api('POST', '/sandbox/faults', { explode: true });
    assert.equal(unknown.status, 400);
    assert.deepEqual(running.sandbox.faults(), { fail: 0, delay: 0, delayMs: 0, maintenanceUncertain: 0 }, 'a bad request changes nothing');
  });

  it('faults: the next N requests fail, then the deferred retry delivers', async () => {
    const set = await api('POST', '/sandbox/faults', { fail: 2 });
    assert.deepEqual(set.json.faults, { fail: 2, delay: 0, delayMs: 0, maintenanceUncertain: 0 });
    assert.deepEqual((await api('GET', '/sandbox/faults')).json.faults.fail, 2);
    const order = hostedOrder(URLS);
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    assert.equal(response.status, 303);
    const delivery = await eventually(
      () => {
        const d = running.sandbox.payments({ orderId: order.ORDERID })[0]?.deliveries[0];
        return d?.state === 'delivered' ? d : undefined;
      },
      defined,
      'delivered on the second retry',
    );
    assert.deepEqual(
      delivery.attempts.map((a) => a.ok),
      [false, false, true],
    );
    await api('POST', '/sandbox/faults', { delay: 3, delayMs: 10 });
    const cleared = await api('DELETE', '/sandbox/faults');
    assert.deepEqual(cleared.json.faults, { fail: 0, delay: 0, delayMs: 0, maintenanceUncertain: 0 });
  });

  it('lists aliases, then reset forgets everything', async () => {
    await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'control-alias' }));
    const { json } = await api('GET', '/sandbox/aliases');
    assert.equal(json.aliases.find((a: { alias: string }) => a.alias === 'control-alias')?.cardNo, 'XXXXXXXXXXXX1111');
    await api('POST', '/sandbox/faults', { fail: 5 });
    const reset = await api('POST', '/sandbox/reset');
    assert.deepEqual(reset.json, { reset: true });
    assert.deepEqual((await api('GET', '/sandbox/payments')).json.payments, []);
    assert.deepEqual((await api('GET', '/sandbox/aliases')).json.aliases, []);
    assert.deepEqual((await api('GET', '/sandbox/faults')).json.faults, { fail: 0, delay: 0, delayMs: 0, maintenanceUncertain: 0 });
  });
});

describe('control API without a feedback URL', () => {
  it('re-sending a feedback answers 409', async () => {
    const quiet = await startSandbox(SANDBOX_ACCOUNT);
    try {
      const xml = await directLink(quiet.url, 'orderdirect', cardOrder());
      const response = await fetch(`${quiet.url}/sandbox/payments/${xml.PAYID}/feedback`, { method: 'POST' });
      assert.equal(response.status, 409);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'no_feedback_url');
    } finally {
      await quiet.close();
    }
  });
});
