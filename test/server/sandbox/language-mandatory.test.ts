/**
 * LANGUAGE is one of the mandatory parameters of a payment page request: "the mandatory
 * parameters are the PSPID, ORDERID, AMOUNT, CURRENCY and LANGUAGE value" ([ADV] §6.2); an empty
 * one is "no <parameter>" (appendix "Troubleshooting"). The sandbox opened the page in English
 * instead, on an unsourced claim (review r960). A code it has no pages for still gets English ones.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, openCheckout } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

describe('mandatory LANGUAGE: [ADV] §6.2, appendix "Troubleshooting"', () => {
  it('a signed request without LANGUAGE is refused with "no LANGUAGE"', async () => {
    const { LANGUAGE: _none, ...order } = hostedOrder();
    const { status, html, token } = await openCheckout(running.url, order);
    assert.equal(token, '', 'no card page');
    assert.equal(status, 400);
    assert.match(html, /no LANGUAGE/);
  });
});
