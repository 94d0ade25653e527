/**
 * The server-to-server feedback: sent before the browser redirect with the same parameters,
 * POST (default) or GET, signed with SHA-OUT; when it fails (non-2xx, timeout, network error)
 * it is retried later ("online but switch to deferred"); faults can be injected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { defined, eventually } from '../../support/waiting.ts';
import { asRecord, cardOrder, directLink, hostedOrder, locationParameters, payHosted, startReceiver, type Receiver } from './helpers.ts';

const RETRIES = { delaysMs: [20, 20, 20] };
const URLS = { ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko' };

let receiver: Receiver;
let running: RunningSandbox;
before(async () => {
  receiver = await startReceiver();
  running = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, retry: RETRIES });
});
after(async () => {
  await running.close();
  await receiver.close();
});

function requestsFor(orderId: string) {
  return receiver.requests.filter((request) => asRecord(request.parameters).orderID === orderId);
}

function deliveriesOf(orderId: string) {
  return running.sandbox.payments({ orderId })[0]?.deliveries ?? [];
}

describe('server-to-server feedback', () => {
  it('is POSTed before the browser is redirected, with the same signed parameters', async () => {
    const order = hostedOrder(URLS);
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const arrived = requestsFor(order.ORDERID);
    assert.equal(arrived.length, 1, 'already there when the browser gets its 303');
    const [request] = arrived;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/payment/ogone/return');
    assert.equal(request!.userAgent, 'Mozilla/3.0 (compatible; Indy Library)');
    assert.deepEqual(request!.parameters, locationParameters(response).parameters);
    assert.deepEqual(
      shaVerify(asRecord(request!.parameters), {
        passphrase: SANDBOX_ACCOUNT.shaOut,
        algorithm: SANDBOX_ACCOUNT.hashAlgorithm,
        direction: 'out',
      }),
      { valid: true },
    );
    assert.equal(deliveriesOf(order.ORDERID)[0]?.state, 'delivered');
  });

  it('is retried later when the receiver answers 500 twice, then 200', async () => {
    const order = hostedOrder(URLS);
    receiver.answers = [500, 500];
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    assert.equal(response.status, 303, 'the shopper is not kept waiting for the retries');
    await eventually(() => (requestsFor(order.ORDERID).length >= 3 ? true : undefined), defined, 'three attempts');
    const delivery = await eventually(
      () => {
        const d = deliveriesOf(order.ORDERID)[0];
        return d?.state === 'delivered' ? d : undefined;
      },
      defined,
      'delivered',
    );
    assert.deepEqual(
      delivery.attempts.map((a) => a.httpStatus),
      [500, 500, 200],
    );
    assert.deepEqual(
      delivery.attempts.map((a) => a.ok),
      [false, false, true],
    );
    const bodies = requestsFor(order.ORDERID).map((r) => JSON.stringify(r.parameters));
    assert.equal(new Set(bodies).size, 1, 'each retry carries the same parameters');
  });

  it('gives up after the last retry', async () => {
    const order = hostedOrder(URLS);
    receiver.answers = [503, 503, 503, 503];
    await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const delivery = await eventually(
      () => {
        const d = deliveriesOf(order.ORDERID)[0];
        return d?.state === 'failed' ? d : undefined;
      },
      defined,
      'failed',
    );
    assert.equal(delivery.attempts.length, 1 + RETRIES.delaysMs.length);
    assert.equal(requestsFor(order.ORDERID).length, 4);
  });

  it('counts no answer within the timeout as a failure and retries', async () => {
    const impatient = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, retry: RETRIES, feedbackTimeoutMs: 300 });
    try {
      const order = hostedOrder(URLS);
      receiver.answers = [{ hangMs: 1_500 }];
      const response = await payHosted(impatient.url, order, { CARDNO: '4111111111111111' });
      assert.equal(response.status, 303);
      const delivery = await eventually(
        () => {
          const d = impatient.sandbox.payments({ orderId: order.ORDERID })[0]?.deliveries[0];
          return d?.state === 'delivered' ? d : undefined;
        },
        defined,
        'delivered after the timeout',
      );
      assert.equal(delivery.attempts[0]?.error, 'no answer within 300 ms');
      assert.equal(delivery.attempts[1]?.ok, true);
    } finally {
      await impatient.close();
    }
  });

  it('injected faults: the next request fails without being sent, then the retry goes through', async () => {
    const order = hostedOrder(URLS);
    running.sandbox.failNext(1);
    await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const delivery = await eventually(
      () => {
        const d = deliveriesOf(order.ORDERID)[0];
        return d?.state === 'delivered' ? d : undefined;
      },
      defined,
      'delivered',
    );
    assert.equal(delivery.attempts[0]?.error, 'simulated failure (sandbox control API)');
    assert.equal(requestsFor(order.ORDERID).length, 1, 'the failed attempt never reached the receiver');
    assert.equal(running.sandbox.faults().fail, 0);
  });

  it('injected delay: a delayed feedback arrives after a later one (reordering)', async () => {
    const first = hostedOrder(URLS);
    const second = hostedOrder(URLS);
    await payHosted(running.url, first, { CARDNO: '4111111111111111' });
    await payHosted(running.url, second, { CARDNO: '4111111111111111' });
    const [a] = running.sandbox.payments({ orderId: first.ORDERID });
    const [b] = running.sandbox.payments({ orderId: second.ORDERID });
    running.sandbox.delayNext(1, 1_000);
    const delayed = running.sandbox.resendFeedback(a!.payId);
    await running.sandbox.resendFeedback(b!.payId);
    await delayed;
    const order = receiver.requests.slice(-2).map((r) => asRecord(r.parameters).orderID);
    assert.deepEqual(order, [second.ORDERID, first.ORDERID]);
  });

  it('a refused connection is an attempt that failed, retried later', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const lonely = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: url, retry: { delaysMs: [10] } });
    try {
      const order = hostedOrder(URLS);
      const response = await payHosted(lonely.url, order, { CARDNO: '4111111111111111' });
      assert.equal(response.status, 303, 'the shopper still gets the result');
      const delivery = await eventually(
        () => {
          const d = lonely.sandbox.payments({ orderId: order.ORDERID })[0]?.deliveries[0];
          return d?.state === 'failed' ? d : undefined;
        },
        defined,
        'failed',
      );
      assert.equal(delivery.attempts.length, 2);
      assert.match(delivery.attempts[0]?.error ?? '', /ECONNREFUSED|fetch failed/);
    } finally {
      await lonely.close();
    }
  });
});

describe('GET feedback and PARAMVAR', () => {
  let getReceiver: Receiver;
  let getSandbox: RunningSandbox;
  before(async () => {
    getReceiver = await startReceiver();
    getSandbox = await startSandbox({
      ...SANDBOX_ACCOUNT,
      feedbackUrl: `${getReceiver.url.replace('/payment/ogone/return', '')}/<PARAMVAR>/return`,
      feedbackMethod: 'GET',
    });
  });
  after(async () => {
    await getSandbox.close();
    await getReceiver.close();
  });

  it('sends the parameters in the query string of a GET to the PARAMVAR URL', async () => {
    const order = hostedOrder({ ...URLS, PARAMVAR: 'shop1' });
    await payHosted(getSandbox.url, order, { CARDNO: '4111111111111111' });
    const [request] = getReceiver.requests;
    assert.equal(request?.method, 'GET');
    assert.equal(request?.path, '/shop1/return');
    const feedback = asRecord(request!.parameters);
    assert.equal(feedback.orderID, order.ORDERID);
    assert.deepEqual(
      shaVerify(feedback, { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm, direction: 'out' }),
      { valid: true },
    );
  });
});

describe('ACCEPTANCE among the default dynamic parameters', () => {
  it('comes in the redirect and the server-to-server request (e-Commerce Advanced guide §9.2.3.1)', async () => {
    const order = hostedOrder(URLS);
    const response = await payHosted(running.url, order, { CARDNO: '4111111111111111' });
    const redirect = locationParameters(response).parameters;
    assert.ok(
      redirect.some(([name, value]) => name === 'ACCEPTANCE' && value === 'test123'),
      JSON.stringify(redirect),
    );
    const [sent] = requestsFor(order.ORDERID);
    assert.equal(asRecord(sent!.parameters).ACCEPTANCE, 'test123');
    // Signed with the rest: changing it breaks SHA-OUT.
    const tampered = { ...asRecord(sent!.parameters), ACCEPTANCE: 'forged1' };
    assert.equal(
      shaVerify(tampered, { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm, direction: 'out' }).valid,
      false,
    );
  });
});

describe('"HTTP request for status changes"', () => {
  /** A DirectLink authorisation (AMOUNT=1999 EUR, RES) captured in full, as the merchant writes it. */
  async function authoriseAndCapture(base: string): Promise<{ orderId: string; payId: string }> {
    const order = cardOrder({ OPERATION: 'RES' });
    const authorised = await directLink(base, 'orderdirect', order);
    assert.equal(authorised.STATUS, '5');
    const capture = await directLink(base, 'maintenancedirect', { PAYID: authorised.PAYID!, OPERATION: 'SAS', AMOUNT: '1999' });
    assert.equal(capture.STATUS, '91', 'captures are processed offline');
    return { orderId: order.ORDERID, payId: authorised.PAYID! };
  }

  it('is off by default: a capture settles (91 → 9) with no request; the query tells it', async () => {
    const quiet = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: 0 });
    try {
      const { orderId, payId } = await authoriseAndCapture(quiet.url);
      await eventually(() => (quiet.sandbox.payment(payId)?.status === 9 ? true : undefined), defined, 'captured');
      const query = await directLink(quiet.url, 'querydirect', { PAYID: payId });
      assert.equal(query.STATUS, '9');
      assert.deepEqual(requestsFor(orderId), [], 'no server-to-server request for the status change');
      assert.deepEqual(quiet.sandbox.payment(payId)?.deliveries, []);
    } finally {
      await quiet.close();
    }
  });

  it('turned on through the control API: the capture is announced once, STATUS 9', async () => {
    const loud = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: 0 });
    try {
      const set = await fetch(`${loud.url}/sandbox/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"statusChangeFeedback":true}',
      });
      assert.deepEqual(((await set.json()) as { settings: unknown }).settings, { paymentTries: 10, statusChangeFeedback: true });
      const { orderId } = await authoriseAndCapture(loud.url);
      const [change] = await eventually(
        () => (requestsFor(orderId).length > 0 ? requestsFor(orderId) : undefined),
        defined,
        'the status-change request',
      );
      assert.equal(asRecord(change!.parameters).STATUS, '9');
      assert.equal(asRecord(change!.parameters).amount, '19.99');
      assert.deepEqual(
        shaVerify(asRecord(change!.parameters), {
          passphrase: SANDBOX_ACCOUNT.shaOut,
          algorithm: SANDBOX_ACCOUNT.hashAlgorithm,
          direction: 'out',
        }),
        { valid: true },
      );
    } finally {
      await loud.close();
    }
  });

  it('turned on as a sandbox option (statusChangeFeedback: true)', async () => {
    const loud = await startSandbox({ ...SANDBOX_ACCOUNT, feedbackUrl: receiver.url, maintenanceDelayMs: 0, statusChangeFeedback: true });
    try {
      const { orderId } = await authoriseAndCapture(loud.url);
      const changes = await eventually(
        () => (requestsFor(orderId).length > 0 ? requestsFor(orderId) : undefined),
        defined,
        'the status-change request',
      );
      assert.deepEqual(
        changes.map((c) => asRecord(c.parameters).STATUS),
        ['9'],
      );
    } finally {
      await loud.close();
    }
  });

  it('bad settings are refused with the field named, and nothing changes', async () => {
    for (const [body, field] of [
      ['{"paymentTries":0}', 'paymentTries'],
      ['{"paymentTries":2.5}', 'paymentTries'],
      ['{"statusChangeFeedback":"yes"}', 'statusChangeFeedback'],
    ] as const) {
      const response = await fetch(`${running.url}/sandbox/settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(response.status, 400, body);
      assert.equal(((await response.json()) as { error: { field: string } }).error.field, field, body);
    }
    assert.deepEqual(((await (await fetch(`${running.url}/sandbox/settings`)).json()) as { settings: unknown }).settings, {
      paymentTries: 10,
      statusChangeFeedback: false,
    });
  });
});
