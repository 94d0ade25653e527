/**
 * The sandbox's hosted page as a shopper meets it, in Debian's Chromium against `npm start`'s
 * own process: a yen payment end to end (¥1,500 is AMOUNT=150000 on the wire, ¥1,500 on the
 * card page, 1500 JPY paid in the API), and a card refused once then accepted — the shopper
 * stays on the card page with the reason, tries again, and one payment is captured.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { CARDS, fillCard, openShop, payOnShop, shopResult } from './helpers/shopper.ts';

interface SandboxPayment {
  payId: string;
  status: number;
  amount: number;
  currency: string;
  captured: number;
}

describe('the hosted page in Chromium: yen, and a decline then a retry', () => {
  let demo: DemoProcess;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /**
   * The shop with one more button for a session the merchant's backend made (the demo's products
   * are in euros and yuan): the tag is added to the shop's page, as the merchant's page would have it.
   */
  async function openShopWithSession(page: Page, sessionId: string): Promise<void> {
    await openShop(page, demo.url);
    await page.evaluate((id) => {
      const item = document.createElement('li');
      item.className = 'product';
      item.dataset.product = 'yen';
      item.lang = 'en';
      const tag = document.createElement('ogone-checkout');
      tag.setAttribute('session', id);
      item.append(tag);
      document.querySelector('li[data-product]')!.parentElement!.append(item);
    }, sessionId);
    await page.waitForFunction(() => {
      const root = document.querySelector('li[data-product="yen"] ogone-checkout')?.shadowRoot;
      return root?.querySelector('button[part="button"]')?.getAttribute('aria-busy') === 'false';
    });
  }

  it('pays ¥1,500: the card page shows ¥1,500, the API and the sandbox 1500 JPY paid', async () => {
    const session = await demo.api<{ id: string; amount: number; currency: string }>('/api/checkout-sessions', {
      amount: 1500,
      currency: 'JPY',
      description: 'Sencha, 100 g',
      locale: 'en',
      successUrl: `${demo.url}/`,
      failureUrl: `${demo.url}/`,
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    assert.equal(session.body.amount, 1500);

    const page = await newPage(browser);
    await openShopWithSession(page, session.body.id);
    await payOnShop(page, 'yen');
    const amount = (await page.locator('#amount').textContent()) ?? '';
    assert.match(amount, /^[¥￥]1,500$/, `the card page shows ${amount}`);
    // No customer on this session: the holder's name is typed on the card page.
    await fillCard(page, CARDS.visa, { name: 'Hana Sato' });
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured', result.text);

    const transaction = await demo.api<{ state: string; amount: number; currency: string }>(`/api/transactions/${result.reference}`);
    assert.equal(transaction.body.state, 'captured');
    assert.equal(transaction.body.amount, 1500);
    assert.equal(transaction.body.currency, 'JPY');
    const payments = (await demo.sandbox<{ payments: SandboxPayment[] }>(`/sandbox/payments?orderId=${result.reference}`)).body.payments;
    assert.equal(payments.length, 1);
    // The platform keeps what it received: AMOUNT=150000, the amount × 100 (docs/ogone-protocol.md §2).
    assert.equal(payments[0]!.amount, 150000);
    assert.equal(payments[0]!.currency, 'JPY');
    assert.equal(payments[0]!.status, 9);
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('a card refused once, then accepted: stays on the card page with the reason, one payment captured', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url, 'espresso');
    await payOnShop(page, 'espresso');
    const cardPage = page.url();
    await fillCard(page, CARDS.refused);
    // Still the platform's card page: the reason, in its own words, and the tries left.
    await page.getByRole('heading', { name: 'Your payment has been refused' }).waitFor();
    assert.match(page.url(), /\/ncol\/test\/sandbox_pay\.asp/);
    assert.notEqual(page.url(), cardPage);
    assert.equal(await page.locator('#refusal-reason').textContent(), 'Payment refused by the acquirer');
    assert.match((await page.locator('#refusal').textContent()) ?? '', /NCERROR 30001001/);
    assert.match((await page.locator('#tries-left').textContent()) ?? '', /9 tries left/);
    assert.equal(await page.locator('input[autocomplete="cc-number"]').inputValue(), '', 'the refused number is not shown again');

    await fillCard(page, CARDS.visa);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured', result.text);
    assert.match(result.text, /VISA •••• 1111/);

    const payments = (await demo.sandbox<{ payments: SandboxPayment[] }>(`/sandbox/payments?orderId=${result.reference}`)).body.payments;
    assert.deepEqual(
      payments.map((p) => p.status),
      [2, 9],
      'the refused try, then the payment',
    );
    assert.equal(payments.filter((p) => p.captured > 0).length, 1, 'exactly one payment captured');
    const transaction = await demo.api<{ state: string; amount: number }>(`/api/transactions/${result.reference}`);
    assert.equal(transaction.body.state, 'captured');
    assert.equal(transaction.body.amount, 1999);
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });
});
