/**
 * The control API's `resolve` of a payment left at STATUS 92 by an uncertain capture (the
 * `maintenanceUncertain` fault, maintenance still processing: `maintenanceDelayMs` not yet
 * passed). Found in review: it wrote the result over history level 0 — the order's authorisation
 * (RES, 5) read 9 — and counted the whole amount captured, while the capture's own level still
 * said 92, and the offline processing later counted the capture a second time.
 *
 * The history keeps one level per operation (DirectLink guide §5.1.2: PAYIDSUB 0 is the order,
 * each maintenance a level of its own; docs/ogone-protocol.md §13): resolving settles the
 * uncertain level — 9 captured, or 93 refused — and leaves level 0 as it was. Only a capture's
 * results (9, 93) resolve an uncertain capture. Wire values are asserted as the guide prints them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { cardOrder, directLink } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  // The offline processing would settle the level by itself after this long: never during the test.
  running = await startSandbox({ ...SANDBOX_ACCOUNT, maintenanceDelayMs: 600_000 });
});
after(async () => {
  await running.close();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${running.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

/** An order of 19.99 authorised (RES), then a capture of 5.00 answered uncertain (92, PAYIDSUB 1). */
async function uncertainCapture(): Promise<string> {
  const order = await directLink(running.url, 'orderdirect', cardOrder({ OPERATION: 'RES' }));
  assert.equal(order.STATUS, '5', 'precondition: authorised');
  assert.equal((await api('POST', '/sandbox/faults', { maintenanceUncertain: 1 })).status, 200);
  const capture = await directLink(running.url, 'maintenancedirect', { PAYID: order.PAYID!, OPERATION: 'SAL', AMOUNT: '500' });
  assert.deepEqual([capture.STATUS, capture.NCSTATUS, capture.PAYIDSUB], ['92', '2', '1'], 'precondition: uncertain capture');
  const head = await directLink(running.url, 'querydirect', { PAYID: order.PAYID! });
  assert.equal(head.STATUS, '92', 'precondition: the order says 92');
  return order.PAYID!;
}

const level = async (payId: string, payIdSub: string) => {
  const answer = await directLink(running.url, 'querydirect', { PAYID: payId, PAYIDSUB: payIdSub });
  return [answer.STATUS, answer.NCSTATUS, answer.NCERROR, answer.amount];
};

describe('sandbox: resolving a payment left at 92 by an uncertain capture', () => {
  it('to 9: the capture level says 9, level 0 still 5; 5.00 captured, 14.99 still capturable', async () => {
    const payId = await uncertainCapture();
    const { status, json } = await api('POST', `/sandbox/payments/${payId}/resolve`, { status: 9 });
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(await level(payId, '0'), ['5', '0', '0', '19.99']);
    assert.deepEqual(await level(payId, '1'), ['9', '0', '0', '5']);
    const head = await directLink(running.url, 'querydirect', { PAYID: payId });
    assert.deepEqual([head.STATUS, head.NCSTATUS, head.NCERROR], ['9', '0', '0']);
    assert.deepEqual([json.payment.status, json.payment.captured, json.payment.capturePending], [9, 500, 0]);
    // The authorisation's rest can still be captured, and the order is never captured beyond 19.99.
    const rest = await directLink(running.url, 'maintenancedirect', { PAYID: payId, OPERATION: 'SAS', AMOUNT: '1499' });
    assert.deepEqual([rest.STATUS, rest.NCERROR, rest.PAYIDSUB], ['91', '0', '2']);
    const more = await directLink(running.url, 'maintenancedirect', { PAYID: payId, OPERATION: 'SAL', AMOUNT: '1' });
    assert.equal(more.NCERROR, '50001127');
  });

  it('to 93: the capture level says 93 (refused), level 0 still 5, the order 93; nothing captured', async () => {
    const payId = await uncertainCapture();
    const { status, json } = await api('POST', `/sandbox/payments/${payId}/resolve`, { status: 93 });
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(await level(payId, '0'), ['5', '0', '0', '19.99']);
    assert.deepEqual(await level(payId, '1'), ['93', '3', '30001001', '5']);
    const head = await directLink(running.url, 'querydirect', { PAYID: payId });
    assert.equal(head.STATUS, '93');
    assert.deepEqual([json.payment.captured, json.payment.capturePending], [0, 0]);
  });

  it('the control page offers the results of a capture: Accept (STATUS 9), Decline (STATUS 93)', async () => {
    const payId = await uncertainCapture();
    const html = await (await fetch(`${running.url}/sandbox/control`)).text();
    const row = new RegExp(`<tr id="payment-${payId}" data-status="92">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    assert.ok(row, 'a row for the payment');
    assert.match(row, /<button type="submit" name="status" value="9">Accept \(STATUS 9\)/);
    assert.match(row, /<button type="submit" name="status" value="93">Decline \(STATUS 93\)/);
  });

  it('to an authorisation result (5, 2): 409, nothing changed', async () => {
    const payId = await uncertainCapture();
    for (const to of [5, 2]) {
      const { status, json } = await api('POST', `/sandbox/payments/${payId}/resolve`, { status: to });
      assert.equal(status, 409, JSON.stringify(json));
      assert.equal(json.error.field, 'status');
    }
    assert.deepEqual(await level(payId, '0'), ['5', '0', '0', '19.99']);
    assert.deepEqual(await level(payId, '1'), ['92', '2', '20001001', '5']);
  });
});

describe('sandbox: an uncertain capture resolved before its offline processing ends', () => {
  it('is counted once: the processing that ends later changes nothing', async () => {
    const quick = await startSandbox({ ...SANDBOX_ACCOUNT, maintenanceDelayMs: 300 });
    try {
      const order = await directLink(quick.url, 'orderdirect', cardOrder({ OPERATION: 'RES' }));
      quick.sandbox.uncertainMaintenanceNext(1);
      const capture = await directLink(quick.url, 'maintenancedirect', { PAYID: order.PAYID!, OPERATION: 'SAL', AMOUNT: '500' });
      assert.equal(capture.STATUS, '92', 'precondition: uncertain');
      const resolved = await fetch(`${quick.url}/sandbox/payments/${order.PAYID!}/resolve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 93 }),
      });
      assert.equal(resolved.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const levelOne = await directLink(quick.url, 'querydirect', { PAYID: order.PAYID!, PAYIDSUB: '1' });
      assert.equal(levelOne.STATUS, '93');
      const [payment] = quick.sandbox.payments({ orderId: order.ORDERID! });
      assert.deepEqual([payment?.captured, payment?.capturePending, payment?.status], [0, 0, 93]);
    } finally {
      await quick.close();
    }
  });
});
