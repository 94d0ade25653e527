/**
 * The card page itself: marked as a test platform, accessible (labels, autocomplete tokens,
 * errors announced and linked), amount formatted for LANGUAGE, every echoed value escaped,
 * card checks (Luhn, expiry, CVC, holder) refusing to pay.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, openCheckout, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, merchantName: 'Boulangerie <Ange>' });
});
after(() => running.close());

function inputTag(html: string, name: string): string {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  assert.ok(tag, `input ${name} is on the page`);
  return tag;
}

describe('hosted card page', () => {
  it('is a real, script-free form marked TEST PLATFORM with labelled, autocomplete-ready fields', async () => {
    const { status, html } = await openCheckout(running.url, hostedOrder());
    assert.equal(status, 200);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<header class="test-banner"><strong>TEST PLATFORM<\/strong>/);
    assert.match(html, /<title>[^<]*TEST PLATFORM<\/title>/);
    assert.doesNotMatch(html, /<script/i, 'paying needs no script');
    for (const [name, token] of [
      ['CARDNO', 'cc-number'],
      ['ED', 'cc-exp'],
      ['CVC', 'cc-csc'],
      ['CN', 'cc-name'],
    ]) {
      const tag = inputTag(html, name!);
      assert.match(tag, new RegExp(`autocomplete="${token}"`));
      assert.match(tag, new RegExp(`id="${name}"`));
      assert.match(html, new RegExp(`<label for="${name}">`), `${name} has a label`);
    }
    assert.match(
      html,
      new RegExp(`<form method="post" action="${running.url}/ncol/test/sandbox_pay.asp"`),
      'absolute action from the request origin',
    );
    const pay = html.indexOf('value="pay"');
    const cancel = html.indexOf('value="cancel"');
    assert.ok(pay > 0 && cancel > pay, 'Pay comes first, so Enter pays');
    assert.match(html, /name="ACTION" value="cancel" formnovalidate>Cancel<\/button>/);
    assert.match(html, /4000000000000002/, 'the test cards are listed');
  });

  it('formats the amount for LANGUAGE', async () => {
    const fr = await openCheckout(running.url, hostedOrder({ LANGUAGE: 'fr_FR' }));
    assert.match(fr.html, /<span lang="fr-FR" id="amount">19,99\s€<\/span>/);
    const en = await openCheckout(running.url, hostedOrder({ LANGUAGE: 'en_US' }));
    assert.match(en.html, /<span lang="en-US" id="amount">€19\.99<\/span>/);
    const jpy = await openCheckout(running.url, hostedOrder({ LANGUAGE: 'ja_JP', CURRENCY: 'JPY', AMOUNT: '150000' }));
    assert.match(jpy.html, /id="amount">[￥¥]1,500<\/span>/);
    const unknown = await openCheckout(running.url, hostedOrder({ LANGUAGE: 'xx_XX' }));
    assert.match(unknown.html, /lang="en-US" id="amount"/, 'unknown LANGUAGE falls back to en_US');
  });

  it('escapes every echoed value', async () => {
    const { html } = await openCheckout(
      running.url,
      hostedOrder({ TITLE: '<img src=x onerror=alert(1)>', CN: '"><b>x', ALIAS: 'cust-1', ALIASUSAGE: '<i>keep</i>' }),
    );
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /value="&quot;&gt;&lt;b&gt;x"/);
    assert.match(html, /Boulangerie &lt;Ange&gt;/);
    assert.match(html, /&lt;i&gt;keep&lt;\/i&gt;/);
  });

  it('shows ALIASUSAGE with a consent box when an alias is requested', async () => {
    const { html } = await openCheckout(running.url, hostedOrder({ ALIAS: 'customer-7', ALIASUSAGE: 'For your next orders' }));
    assert.match(html, /<p id="alias-usage">For your next orders<\/p>/);
    assert.match(html, /<input type="checkbox" id="ALIAS_STORE" name="ALIAS_STORE" value="Y" checked aria-describedby="alias-usage">/);
    assert.match(html, /<label for="ALIAS_STORE">/);
  });

  it('refuses a card that fails the Luhn check, announcing the error', async () => {
    const order = hostedOrder();
    const { token } = await openCheckout(running.url, order);
    const response = await submitCard(running.url, token, { CARDNO: '4111111111111112' });
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<div class="error-summary" role="alert"[^>]*autofocus>/);
    assert.match(html, /<a href="#CARDNO">The card number is not valid: check it digit by digit\.<\/a>/);
    assert.match(inputTag(html, 'CARDNO'), /aria-invalid="true"/);
    assert.match(inputTag(html, 'CARDNO'), /aria-describedby="CARDNO-hint CARDNO-error"/);
    assert.match(inputTag(html, 'CARDNO'), /value=""/, 'the card number is not sent back');
    assert.match(inputTag(html, 'CN'), /value="Jane Doe"/, 'other values are kept');
    assert.equal(running.sandbox.payments({ orderId: order.ORDERID }).length, 0, 'nothing paid');
  });

  it('checks expiry, CVC, holder and brand, listing every problem', async () => {
    const { token } = await openCheckout(running.url, hostedOrder());
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const expired = `${String(lastMonth.getUTCMonth() + 1).padStart(2, '0')}/${String(lastMonth.getUTCFullYear() % 100).padStart(2, '0')}`;
    const html = await (await submitCard(running.url, token, { CARDNO: '4111111111111111', ED: expired, CVC: '12', CN: ' ' })).text();
    assert.match(html, /This card has expired/);
    assert.match(html, /The card verification code of a VISA card has 3 digits\./);
    assert.match(html, /Enter the card holder&#39;s name\./);
    for (const field of ['ED', 'CVC', 'CN']) assert.match(inputTag(html, field), /aria-invalid="true"/);
    assert.doesNotMatch(inputTag(html, 'CARDNO'), /aria-invalid/);

    const month = await (await submitCard(running.url, token, { CARDNO: '4111111111111111', ED: '13/30' })).text();
    assert.match(month, /The expiry month must be from 01 to 12\./);
    const brand = await (await submitCard(running.url, token, { CARDNO: '6011111111111117' })).text();
    assert.match(brand, /Unknown card type/);
    const letters = await (await submitCard(running.url, token, { CARDNO: '4111-abcd' })).text();
    assert.match(letters, /The card number may only contain digits\./);
    const empty = await (await submitCard(running.url, token, { CARDNO: '' })).text();
    assert.match(empty, /Enter the card number\./);
  });

  it('an unknown or stale page token pays nothing', async () => {
    const response = await submitCard(running.url, 'not-a-token', { CARDNO: '4111111111111111' });
    assert.equal(response.status, 404);
    assert.match(await response.text(), /This payment page is no longer valid/);
  });
});
