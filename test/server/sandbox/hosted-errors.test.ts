/**
 * The hosted payment page refuses bad requests with the platform's own texts (e-Commerce
 * Advanced guide, "Troubleshooting") and nothing is paid.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shaString } from '../../../shared/signature.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, openCheckout, postForm, signed, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

/** The error text of an error page (the role=alert paragraph). */
function errorText(html: string): string | undefined {
  return /<p class="ogone-error" role="alert" id="ncol-error">([^<]*)<\/p>/.exec(html)?.[1];
}

async function expectError(params: Record<string, string>, text: string, sign = true): Promise<string> {
  const response = await postForm(`${running.url}/ncol/test/orderstandard_utf8.asp`, sign ? signed(params) : params);
  const html = await response.text();
  assert.equal(response.status, 400);
  assert.equal(errorText(html), text);
  assert.match(html, /TEST PLATFORM/);
  assert.doesNotMatch(html, /name="TOKEN"/, 'no payment form on an error page');
  return html;
}

describe('hosted page errors', () => {
  it('an empty POST says "no ORDERID" (ORDERID is checked first)', async () => {
    await expectError({}, 'no ORDERID', false);
  });

  it('no PSPID / unknown PSPID', async () => {
    const { PSPID: _omit, ...rest } = hostedOrder();
    await expectError(rest, 'no PSPID');
    await expectError(hostedOrder({ PSPID: 'SOMEONEELSE' }), 'PSPID not found or not active');
  });

  it('SHASIGN missing → unknown order/0/s', async () => {
    await expectError(hostedOrder(), 'unknown order/0/s', false);
  });

  it('SHASIGN wrong, tampered or of another algorithm → unknown order/1/s', async () => {
    const order = hostedOrder();
    const other = { ...SANDBOX_ACCOUNT, shaIn: 'another-passphrase-xyz' };
    await expectError({ ...signed(order, other) }, 'unknown order/1/s', false);
    await expectError({ ...signed(order), AMOUNT: '1' }, 'unknown order/1/s', false);
    await expectError({ ...signed(order, { ...SANDBOX_ACCOUNT, hashAlgorithm: 'sha1' }) }, 'unknown order/1/s', false);
    // SHA-OUT passphrase used for SHA-IN: the classic swap (odoo#70266).
    await expectError({ ...signed(order, { ...SANDBOX_ACCOUNT, shaIn: SANDBOX_ACCOUNT.shaOut }) }, 'unknown order/1/s', false);
  });

  it('amount missing, with decimals or too long', async () => {
    const { AMOUNT: _omit, ...rest } = hostedOrder();
    await expectError(rest, 'no AMOUNT');
    await expectError(hostedOrder({ AMOUNT: '15.00' }), 'amount too long or not numeric: 15.00');
    await expectError(hostedOrder({ AMOUNT: '1,5' }), 'amount too long or not numeric: 1,5');
    await expectError(hostedOrder({ AMOUNT: '1234567890123456' }), 'amount too long or not numeric: 1234567890123456');
  });

  it('currency missing, too long or not ISO 4217', async () => {
    const { CURRENCY: _omit, ...rest } = hostedOrder();
    await expectError(rest, 'no CURRENCY');
    await expectError(hostedOrder({ CURRENCY: 'EURO' }), 'currency too long');
    await expectError(hostedOrder({ CURRENCY: 'XYZ' }), 'not a valid currency : XYZ');
  });

  it('fields over their documented length: "<param> too long"', async () => {
    await expectError(hostedOrder({ ORDERID: 'A'.repeat(41) }), 'orderid too long');
    await expectError(hostedOrder({ CN: 'N'.repeat(36) }), 'cn too long');
    await expectError(hostedOrder({ OWNERZIP: '12345678901' }), 'ownerzip too long');
    await expectError(hostedOrder({ ACCEPTURL: `https://shop.example/${'a'.repeat(240)}` }), 'accepturl too long');
    await expectError(hostedOrder({ ALIAS: 'a'.repeat(51) }), 'alias too long');
  });

  it('payment method and operation the account does not have', async () => {
    await expectError(hostedOrder({ PM: 'iDEAL' }), 'ERROR, PAYMENT METHOD NOT FOUND FOR: iDEAL');
    await expectError(hostedOrder({ PM: 'CreditCard', BRAND: 'Diners' }), 'ERROR, PAYMENT METHOD NOT FOUND FOR: Diners');
    await expectError(hostedOrder({ OPERATION: 'RFD' }), 'Operation not allowed for the merchant');
  });

  it('echoed values are escaped', async () => {
    const html = await expectError(
      hostedOrder({ AMOUNT: '<script>alert(1)</script>' }),
      'amount too long or not numeric: &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    assert.doesNotMatch(html, /<script>alert/);
  });

  it('an ORDERID already paid is refused ("This order has already been processed")', async () => {
    const order = hostedOrder();
    const first = await openCheckout(running.url, order);
    const paid = await submitCard(running.url, first.token, { CARDNO: '4111111111111111' });
    assert.equal(paid.status, 200); // no ACCEPTURL: the platform's own result page
    await expectError(order, 'This order has already been processed');
  });

  it('nothing was paid by the refused requests', () => {
    const payments = running.sandbox.payments();
    assert.equal(payments.length, 1, 'only the order paid on purpose exists');
    assert.equal(payments[0]?.status, 9);
  });

  it('answers GET with the parameters in the query string too', async () => {
    const query = new URLSearchParams(signed(hostedOrder())).toString();
    const ok = await fetch(`${running.url}/ncol/test/orderstandard_utf8.asp?${query}`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /autocomplete="cc-number"/);
    const bad = await fetch(`${running.url}/ncol/test/orderstandard_utf8.asp?${new URLSearchParams(hostedOrder())}`);
    assert.equal(errorText(await bad.text()), 'unknown order/0/s');
  });

  it('the plain page hashes ISO-8859-1: a UTF-8 signature of "Bárbara" fails there, a Latin-1 one passes', async () => {
    const order = hostedOrder({ CN: 'Bárbara' });
    const latin1Body = (params: Record<string, string>) =>
      Object.entries(params)
        .map(([k, v]) => `${k}=${[...Buffer.from(v, 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`)
        .join('&');
    const post = (body: string) =>
      fetch(`${running.url}/ncol/test/orderstandard.asp`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const utf8Signed = signed(order);
    const refused = await post(latin1Body(utf8Signed));
    assert.equal(errorText(await refused.text()), 'unknown order/1/s');
    const latin1Signature = createHash('sha512')
      .update(shaString(order, SANDBOX_ACCOUNT.shaIn, 'in'), 'latin1')
      .digest('hex')
      .toUpperCase();
    const accepted = await post(latin1Body({ ...order, SHASIGN: latin1Signature }));
    assert.equal(accepted.status, 200);
    assert.match(await accepted.text(), /value="Bárbara"/);
  });
});
