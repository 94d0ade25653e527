/**
 * Found by review r1516 (2026-12-07), now fixed.
 *
 * r1516 — The sandbox's DirectLink pages take PSPID, USERID, PSWD, SHASIGN and the order itself
 * from the URL's query string.
 *
 * What is wrong: server/sandbox/params.ts `readParameters` merges the query string of a POST into
 * the request's parameters, and directlink/order.ts `newOrder` (like maintenance.ts and query.ts)
 * authenticates and authorises from them: a POST to `orderdirect_utf8.asp?PSPID=…&PSWD=…&…` with
 * an empty body is a paid order. The DirectLink guide §2.1 "Request form" says the parameters
 * "must be sent in a POST request as follows: PSPID=value1&USERID=value2&PSWD=value3&…", the POST's
 * Content-Type being application/x-www-form-urlencoded — the form is the POST's body (the entity
 * the Content-Type describes), not the URL; and §7: "ORDERID is the first field we check, so if
 * you receive the error 'no ORDERID', it can also mean we did not receive any values at all".
 *
 * Why it matters: a DirectLink client that put its parameters in the URL (a one-line change from
 * `body:` to a URL builder) would pass every sandbox test while it writes the API user's password
 * (PSWD) and the card data into every proxy, load balancer and access log on the way — and the
 * platform, reading the form it was promised, would not see the order at all.
 *
 * Expectation: a correctly signed DirectLink order whose parameters are all in the query string of
 * an application/x-www-form-urlencoded POST with an empty body is not processed: no authorisation
 * (STATUS is not 5) and no payment recorded for its ORDERID. (Control: the same pairs in the body
 * are authorised.)
 *
 * The fix: sandbox/params.ts readParameters never reads DirectLink's parameters from the query
 * string (source directlink).
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

async function post(query: string, body: string): Promise<Record<string, string>> {
  const response = await fetch(`${running.url}/ncol/test/orderdirect_utf8.asp${query === '' ? '' : `?${query}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  assert.equal(response.status, 200);
  return parseNcResponse(await response.text());
}

describe('r1516 DirectLink: the parameters are the POST form, not the URL (DirectLink guide §2.1)', () => {
  it('control: the signed order in the form body is authorised (STATUS 5)', async () => {
    const answer = await post('', guideSignedOrderBody(`r1516-body-${process.pid}`));
    assert.deepEqual([answer.STATUS, answer.NCERROR], ['5', '0']);
  });

  it('the same signed order in the query string, with an empty body, is not processed', async () => {
    const orderId = `r1516-url-${process.pid}`;
    const answer = await post(guideSignedOrderBody(orderId), '');
    assert.notEqual(answer.STATUS, '5', `an order (PSWD included) read from the URL was authorised: ${JSON.stringify(answer)}`);
    assert.deepEqual(running.sandbox.payments({ orderId }), [], 'no payment may be recorded for it');
  });
});
