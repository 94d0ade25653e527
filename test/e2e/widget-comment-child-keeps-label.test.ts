/**
 * An HTML comment inside `<ogone-checkout>` leaves the shopper an EMPTY pay button with
 * no accessible name.
 *
 * Review r1254 found the defect: `#renderCheckout()` (widget/ogone-checkout/ogone-checkout.ts) decides whether the
 * merchant gave a label with
 *   `[...this.childNodes].some((node) => node.nodeType === 1 || node.textContent?.trim())`
 * which also counts COMMENT nodes (nodeType 8), whose textContent is the comment's text. A comment
 * renders nothing in the slot, but the default "Pay €19.99" is dropped. Comments inside a custom
 * element are everyday markup: a template's note (`<!-- label: default -->`), Vue's `<!--v-if-->`
 * placeholder for a conditional label, Angular's `<!--container-->`, a CMS's markers. The shopper
 * sees a blank coloured bar; a screen reader announces just "button" (WCAG 4.1.2 Name, Role,
 * Value; axe "button-name"); nobody can tell it pays, nor how much.
 *
 * Promise broken: widget/README.md — "The default slot is the button label (default: "Pay
 * €19.99", formatted by Intl.NumberFormat …)"; the element's JSDoc `@slot - The button label.
 * Defaults to "Pay {amount}"`. (The existing test "keeps the default label when the slot only
 * holds whitespace" shows the intent: a slot with nothing visible keeps the default.)
 *
 * The fix made: count only elements and non-blank TEXT nodes:
 * `node.nodeType === Node.ELEMENT_NODE || (node.nodeType === Node.TEXT_NODE && node.textContent!.trim())`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('a comment inside the element', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('keeps the default "Pay €19.99" label (and accessible name)', async () => {
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    // What a Vue template with a conditional label renders when the condition is false.
    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"><!--v-if--></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);
    await tab.waitForTimeout(200);
    const label = (await tab.evaluate(
      `document.querySelector('ogone-checkout').shadowRoot.querySelector('button[part="button"]').innerText.trim()`,
    )) as string;
    const name = await tab
      .getByRole('button')
      .first()
      .evaluate((button) => button.textContent);
    await context.close();

    assert.equal(label, 'Pay €19.99', `the pay button shows ${JSON.stringify(label)} (its text content: ${JSON.stringify(name?.trim())})`);
  });
});
