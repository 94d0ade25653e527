/**
 * When the checkout ends while the shopper has scrolled elsewhere on the page, the widget yanks the
 * page back to itself: the focus fix called `focus()` without `preventScroll`.
 *
 * Review r1290 found the defect: in `update()` (widget/ogone-checkout/ogone-checkout.ts), when the focused control left with
 * the checkout (a saved-card payment completed in place, a checkout closed by 409/410), the
 * wrapper is focused with `root.querySelector('[part=base]').focus()`. `focus()` scrolls its
 * target into view. A shopper who clicked "Pay" (a mouse click leaves the focus on the button) and
 * scrolled on to read the shop's page while the DirectLink payment was decided (3-D Secure
 * frictionless, Ogone's answer takes seconds) is thrown back to the widget — the page jumps under
 * the shopper's eyes (WCAG 3.2.1/3.2.2: no change of context the user did not ask for). The fix
 * was meant to keep the focus where it was, not to move the viewport.
 *
 * Promise broken: the commit "Widget: the focus stays in the widget when the checkout
 * ends" — keeping the focus must not move the page; the shopper did nothing.
 *
 * The fix made: in `update()`, `focus({ preventScroll: true })` (a few bytes).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard } from '../flows/helpers.ts';
import { widgetShop } from './helpers/widget-shop.ts';

describe('the checkout ends while the shopper reads further down the page', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the page stays where the shopper scrolled it', async () => {
    const customer = 'cust-scroll';
    await saveCard(site.flow, customer, '4111111111111111');
    // No successUrl: the shop stays on this page and shows the result in place.
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 4242,
      currency: 'EUR',
      customer: { id: customer, name: 'Alex Demo' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body style="margin:0">
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
<article style="block-size:5000px">Terms and conditions…</article>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB', viewport: { width: 800, height: 600 } });
    const tab = await context.newPage();
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    await tab.route('**/attempts', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.fulfill({ response });
      answered();
    });
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('[part="saved-card"] input')`);

    // A mouse shopper: chooses the saved card, clicks Pay (the focus stays on the button) ...
    await tab.locator('ogone-checkout [part="saved-card"] input').first().click();
    await tab.locator('ogone-checkout button[part="button"]').click();
    // ... and scrolls on to read the page while the payment is decided.
    await tab.evaluate(`window.scrollTo(0, 3000)`);
    await answer;
    await tab.waitForFunction(
      `document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="message"]')?.textContent?.trim() === 'Payment complete.'`,
    );
    await tab.waitForTimeout(300);
    const scrollY = await tab.evaluate(`window.scrollY`);
    await context.close();

    assert.equal(scrollY, 3000, `the page jumped from 3000 px to ${scrollY} px when the payment completed`);
  });
});
