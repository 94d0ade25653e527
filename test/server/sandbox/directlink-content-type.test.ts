/**
 * Found by review r1515 (2026-12-07), now fixed.
 *
 * r1515 — The sandbox's DirectLink pages accept a request that is not an
 * application/x-www-form-urlencoded form.
 *
 * What is wrong: server/sandbox/params.ts `readParameters` (used by directlink/order.ts `newOrder`,
 * maintenance.ts and query.ts) parses ANY POST body as a urlencoded form whatever its
 * Content-Type (text/plain, none at all), and multipart/form-data as well, so a DirectLink order sent as `text/plain` is authorised.
 * The DirectLink guide §2.1 "Request form" says the parameters "must be sent in a POST request as
 * follows: PSPID=value1&USERID=value2&PSWD=value3&… The type/subtype indicating the Media Type in
 * the Content-Type entity-header field in the POST request needs to be
 * 'application/x-www-form-urlencoded'", and §7 (Troubleshooting) that "ORDERID is the first field
 * we check, so if you receive the error 'no ORDERID', it can also mean we did not receive any
 * values at all".
 *
 * Why it matters: the sandbox is where our DirectLink client is proven before it talks to the
 * platform. A client change that dropped the header (e.g. `fetch(url, { body: string })`, which
 * sends `text/plain;charset=UTF-8`) would keep every saved-card charge, capture and refund green
 * against the sandbox, while the real platform would receive no values at all and refuse every
 * one of them in production — no payment taken, no refund made.
 *
 * Expectation: a correctly signed DirectLink order sent with `Content-Type: text/plain`, with no
 * Content-Type, or as multipart/form-data is not processed: no authorisation (STATUS is not 5) and no payment recorded
 * for its ORDERID; the very same body sent as application/x-www-form-urlencoded is authorised
 * (STATUS 5), which shows the signature itself is right.
 *
 * The fix: sandbox/params.ts readParameters reads DirectLink's parameters (source directlink) only
 * from a POST body typed application/x-www-form-urlencoded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { GUIDE_EXAMPLE_ACCOUNT, guideSignedOrderBody, parseNcResponse } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(GUIDE_EXAMPLE_ACCOUNT);
});
after(() => running.close());

async function post(body: string, contentType: string | undefined): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  // A Blob without a type sends no Content-Type header at all.
  const response = await fetch(`${running.url}/ncol/test/orderdirect_utf8.asp`, {
    method: 'POST',
    headers,
    body: contentType === undefined ? new Blob([body]) : body,
  });
  assert.equal(response.status, 200);
  return parseNcResponse(await response.text());
}

const orderIds = {
  form: `r1515-form-${process.pid}`,
  plain: `r1515-plain-${process.pid}`,
  none: `r1515-none-${process.pid}`,
  multipart: `r1515-multi-${process.pid}`,
};

describe('r1515 DirectLink: only an application/x-www-form-urlencoded POST carries parameters (DirectLink guide §2.1)', () => {
  it('control: the signed order sent as application/x-www-form-urlencoded is authorised (STATUS 5)', async () => {
    const answer = await post(guideSignedOrderBody(orderIds.form), 'application/x-www-form-urlencoded');
    assert.deepEqual([answer.STATUS, answer.NCERROR], ['5', '0']);
  });

  it('the same signed order sent as text/plain is not processed: no authorisation, no payment', async () => {
    const answer = await post(guideSignedOrderBody(orderIds.plain), 'text/plain;charset=UTF-8');
    assert.notEqual(answer.STATUS, '5', `a text/plain body was authorised: ${JSON.stringify(answer)}`);
    assert.deepEqual(running.sandbox.payments({ orderId: orderIds.plain }), [], 'no payment may be recorded for it');
  });

  it('the same signed order sent without any Content-Type is not processed either', async () => {
    const answer = await post(guideSignedOrderBody(orderIds.none), undefined);
    assert.notEqual(answer.STATUS, '5', `a body without Content-Type was authorised: ${JSON.stringify(answer)}`);
    assert.deepEqual(running.sandbox.payments({ orderId: orderIds.none }), [], 'no payment may be recorded for it');
  });

  it('the same signed order sent as multipart/form-data is not processed either', async () => {
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(guideSignedOrderBody(orderIds.multipart))) form.append(name, value);
    const response = await fetch(`${running.url}/ncol/test/orderdirect_utf8.asp`, { method: 'POST', body: form });
    assert.equal(response.status, 200);
    const answer = parseNcResponse(await response.text());
    assert.notEqual(answer.STATUS, '5', `a multipart/form-data body was authorised: ${JSON.stringify(answer)}`);
    assert.deepEqual(running.sandbox.payments({ orderId: orderIds.multipart }), [], 'no payment may be recorded for it');
  });
});
