/**
 * The demo as a shopper sees it, in Debian's Chromium against `npm start`'s own process: pay,
 * decline, cancel, 3-D Secure approved and failed — each back on the shop with its result, and
 * the webhook of a payment shown once by the demo's verified receiver.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';
import { CARDS, fillCard, openShop, payOnShop, shopResult } from './helpers/shopper.ts';

interface InboxEvent {
  id: string;
  type: string;
  reference: string | null;
  duplicates: number;
}

describe('demo shop payments in Chromium', () => {
  let demo: DemoProcess;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const inbox = async () => (await demo.sandbox<{ events: InboxEvent[] }>('/demo/events')).body.events;

  it('prints what to open, the demo key and the test cards', () => {
    const output = demo.output();
    assert.match(output, /Shop\s+http:\/\/localhost:\d+\//);
    assert.match(output, /Dashboard\s+http:\/\/localhost:\d+\/dashboard/);
    assert.match(output, /4111 1111 1111 1111\s+VISA/);
    assert.match(output, /4000 0000 0000 0200\s+VISA\s+refused/);
  });

  it('pays with a card: card page, back to the shop, paid, the webhook shown once', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url);
    await payOnShop(page, 'espresso');
    assert.match((await page.locator('#amount').textContent()) ?? '', /19\.99/);
    await fillCard(page, CARDS.visa);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured', result.text);
    assert.match(result.text, /Payment received/);
    assert.match(result.text, /VISA •••• 1111/);

    // The webhook reaches the demo's receiver and the page's list.
    await page.locator(`#webhooks li[data-type="payment.captured"][data-reference="${result.reference}"]`).waitFor();
    // Ogone sends the same result again (its deferred retry): nothing new happens.
    const payments = (await demo.sandbox<{ payments: Array<{ payId: string }> }>(`/sandbox/payments?orderId=${result.reference}`)).body
      .payments;
    assert.equal(payments.length, 1);
    const resend = await demo.sandbox(`/sandbox/payments/${payments[0]!.payId}/feedback`, {});
    assert.equal(resend.status, 200);
    // Every event of this payment has been delivered (so a second one would already be here).
    await eventually(
      async () => {
        const events = (await demo.api<{ data: Array<{ delivery: { status: string } }> }>(`/api/events?reference=${result.reference}`)).body
          .data;
        return events.length > 0 && events.every((e) => e.delivery.status === 'delivered') ? events : undefined;
      },
      defined,
      'webhook deliveries',
      DEMO_WAIT,
    );
    const captured = (await inbox()).filter((e) => e.reference === result.reference && e.type === 'payment.captured');
    assert.equal(captured.length, 1, JSON.stringify(captured));
    assert.equal(captured[0]!.duplicates, 0);
    await page.reload();
    assert.equal(await page.locator(`#webhooks li[data-type="payment.captured"][data-reference="${result.reference}"]`).count(), 1);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('ogone-checkout')].every(
        (el) => !!el.shadowRoot?.querySelector('[part="base"]') && !el.shadowRoot.querySelector('[aria-busy="true"]'),
      ),
    );
    assert.deepEqual(await axeViolations(page), [], 'the shop page with its result and four buttons is accessible');
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  /** The account's number of tries on the card page (sandbox control API). */
  const setTries = async (paymentTries: number) => assert.equal((await demo.sandbox('/sandbox/settings', { paymentTries })).status, 200);

  it('shows a declined payment with its reason (after the last try)', async () => {
    // One try: the first refusal is final (with more, the shopper stays on the card page: hosted-page.test.ts).
    await setTries(1);
    const page = await newPage(browser);
    await openShop(page, demo.url, 'carnet');
    await payOnShop(page, 'carnet');
    await fillCard(page, CARDS.refused);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'declined');
    assert.match(result.text, /Votre banque a refusé le paiement/);
    assert.match(result.text, /code 30001001/);
    assert.doesNotMatch(result.text, /acquirer|NCERROR/i);
    await page.locator('#result a.retry[href="/#product-carnet"]').waitFor();
    const transaction = await demo.api<{ state: string; ncError: string }>(`/api/transactions/${result.reference}`);
    assert.equal(transaction.body.state, 'declined');
    assert.equal(transaction.body.ncError, '30001001');
    await page.locator(`#webhooks li[data-type="payment.declined"][data-reference="${result.reference}"]`).waitFor();
    await page.context().close();
    await setTries(10);
  });

  it('cancels on the card page', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url, 'aceite');
    await payOnShop(page, 'aceite');
    await page.locator('button[name="ACTION"][value="cancel"]').click();
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'cancelled');
    assert.match(result.text, /Ha cancelado el pago/);
    // The shop offers the product again with a fresh session.
    await widget(page).waitFor();
    await page.context().close();
  });

  it('3-D Secure: approved on the challenge page, then paid', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url);
    await payOnShop(page);
    await fillCard(page, CARDS.challenge);
    await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
    await page.locator('button[name="RESULT"][value="approve"]').click();
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured', result.text);
    await page.context().close();
  });

  it('3-D Secure: failed authentication on the last try is a decline with its reason', async () => {
    await setTries(1);
    const page = await newPage(browser);
    await openShop(page, demo.url, 'longjing');
    await payOnShop(page, 'longjing');
    assert.match((await page.locator('#amount').textContent()) ?? '', /128/);
    await fillCard(page, CARDS.challenge);
    await page.locator('button[name="RESULT"][value="fail"]').click();
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'declined', result.text);
    assert.match(result.text, /代码 \d+/);
    assert.doesNotMatch(result.text, /NCERROR/);
    await page.context().close();
  });
});

function widget(page: import('playwright-core').Page) {
  return page.locator('li[data-product="aceite"] ogone-checkout button[part="button"]');
}
