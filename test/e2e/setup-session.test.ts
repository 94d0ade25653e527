/**
 * Saving a card without paying (issue 19), in Debian's Chromium against `npm start`'s own process:
 * the demo's "Add a card" page, the widget's "Save card" button for a setup session, the
 * sandbox's FlexCheckout page, back on the page with the card listed — then that card pays on the
 * shop without a card page and the merchant charges it through the API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { CARDS, openShop, shopResult, widget } from './helpers/shopper.ts';

interface Alias {
  id: string;
  alias: string;
  brand: string;
  last4: string;
}

describe('saving a card without paying in Chromium', () => {
  let demo: DemoProcess;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('Add a card: FlexCheckout, nothing charged, the card listed; it then pays on the shop and the merchant charges it', async () => {
    const page = await newPage(browser);
    await page.goto(`${demo.url}/`);
    await Promise.all([page.waitForURL(/\/demo\/add-card$/), page.locator('a[href="/demo/add-card"]').click()]);
    assert.equal(await page.locator('#saved-cards li').count(), 0);
    const button = page.locator('ogone-checkout button[part="button"]');
    await button.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')?.getAttribute('aria-busy') === 'false',
    );
    assert.match((await button.textContent()) ?? '', /Save card/);

    // The widget sends the shopper to FlexCheckout (the sandbox's, on the demo's origin).
    await Promise.all([page.waitForURL(/\/Tokenization\/HostedPage\?/), button.click()]);
    assert.match((await page.locator('#flex-intro').textContent()) ?? '', /charged/i);
    await page.locator('input[autocomplete="cc-number"]').fill(CARDS.visa);
    await page.locator('input[autocomplete="cc-exp"]').fill('12/30');
    await page.locator('input[autocomplete="cc-csc"]').fill('123');
    await page.locator('input[autocomplete="cc-name"]').fill('Demo Shopper');
    await Promise.all([page.waitForURL(/\/demo\/add-card\?result=saved/), page.locator('button[name="ACTION"][value="save"]').click()]);
    assert.equal(await page.locator('#card-result').getAttribute('data-outcome'), 'success');
    assert.match((await page.locator('#saved-cards li').first().textContent()) ?? '', /VISA •••• 1111/);

    const aliases = await demo.api<{ data: Alias[] }>('/api/customers/demo-customer/aliases');
    assert.deepEqual(
      aliases.body.data.map((a) => [a.brand, a.last4]),
      [['VISA', '1111']],
    );
    const alias = aliases.body.data[0]!;
    // Nothing charged: the verification's authorisation was cancelled.
    const verifications = await demo.sandbox<{ payments: Array<{ alias: string; captured: number; operation: string }> }>(
      '/sandbox/payments',
    );
    const verification = verifications.body.payments.filter((p) => p.alias === alias.alias);
    assert.equal(verification.length, 1);
    assert.equal(verification[0]!.operation, 'RES');
    assert.equal(verification[0]!.captured, 0);

    // The shop offers the card and pays with it, without a card page.
    await openShop(page, demo.url, 'espresso');
    const saved = widget(page, 'espresso').locator('[part="saved-card"]').first();
    await saved.waitFor();
    assert.match((await saved.textContent()) ?? '', /VISA .*1111/);
    await saved.locator('input').check();
    await widget(page, 'espresso').locator('button[part="button"]').click();
    await page.waitForURL(/\/\?reference=/);
    const paid = await shopResult(page);
    assert.equal(paid.state, 'captured', paid.text);

    // The merchant charges the same card.
    const charge = await demo.api<{ state: string; amount: number }>(`/api/aliases/${alias.id}/charges`, { amount: 500, currency: 'EUR' });
    assert.equal(charge.status, 201, JSON.stringify(charge.body));
    assert.equal(charge.body.amount, 500);
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });
});
