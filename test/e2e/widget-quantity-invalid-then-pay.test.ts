/**
 * Found by review r1665 (2026-12-07), now fixed.
 * The fix: widget #onQuantity sets the quantity to the rounded, clamped value on every input, the field left as typed (noChange) until committed.
 *
 * Review r1665 (2026-12-07), regression of 4376a85 (r1649's fix).
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#onQuantity`. On `input` the quantity
 * (and so the total on the pay button) follows the field only when the field holds a whole number
 * within minQuantity–maxQuantity; anything else ("2.5", "9" over a maximum of 5, "0", "") leaves
 * the button on the previous total. On `change` — fired by the blur that the mousedown of the click
 * on Pay itself causes — the field is rounded and clamped to a *different* quantity (2.5 → 3,
 * 9 → 5, 0 → 1, "" → 1), and the click that follows charges that one. The shopper reads
 * "Pay €10.00", presses the button, and pays €15.00 (or €25.00 for "Pay €5.00").
 *
 * Why it matters: widget/README.md: "A payment button's quantity field updates that total as the
 * shopper types …: the total the button shows is the one a click charges." The quantity decides
 * the AMOUNT sent to Ogone (docs/ogone-protocol.md, the hosted-page form's AMOUNT); a shopper must
 * never be charged an amount that was not on the button when they decided to press it.
 *
 * Expectation: whatever the shopper typed, the quantity a click on Pay submits is the one whose
 * total the button showed just before the click (e.g. `_q` follows the rounded/clamped value on
 * `input` too, the field itself left alone until `change`; or `change` puts the field back to the
 * quantity shown).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('an invalid quantity typed, then Pay clicked at once', { timeout: 120_000 }, () => {
  const site = widgetShop();

  async function typeThenPay(typed: string): Promise<{ shown: string | undefined; charged: number; field: string }> {
    const created = await site.flow.api('/api/buttons', {
      name: 'Concert ticket',
      amount: 500,
      currency: 'EUR',
      minQuantity: 1,
      maxQuantity: 5,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout button="${created.body.id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    try {
      const tab = await context.newPage();
      await tab.goto(`${site.shop.url}/`);
      const quantity = tab.locator('ogone-checkout [part="quantity"]');
      const pay = tab.locator('ogone-checkout button[part="button"]');
      await quantity.waitFor();
      await tab.evaluate(`document.querySelector('ogone-checkout').addEventListener('ogone-checkout-submit', (e) => {
        window.submitted = e.detail.quantity; e.preventDefault();
      })`);
      // A valid 2 first (the button follows: "Pay €10.00"), then the shopper's next try.
      await quantity.click();
      await tab.keyboard.press('Control+A');
      await tab.keyboard.type('2');
      await tab.waitForTimeout(200);
      assert.equal((await pay.textContent())?.trim(), 'Pay €10.00');
      await tab.keyboard.press('Control+A');
      if (typed === '') await tab.keyboard.press('Backspace');
      else await tab.keyboard.type(typed);
      await tab.waitForTimeout(300);
      const shown = (await pay.textContent())?.trim();
      const field = await quantity.inputValue();
      await pay.click();
      const charged = (await tab.evaluate('window.submitted')) as number;
      return { shown, charged, field };
    } finally {
      await context.close();
    }
  }

  const euros = (quantity: number) => `Pay €${(quantity * 5).toFixed(2)}`;

  for (const typed of ['2.5', '9', '0', '']) {
    it(`"${typed}" typed: the click charges the total the button showed`, async () => {
      const { shown, charged, field } = await typeThenPay(typed);
      assert.equal(field, typed, 'the field holds what was typed');
      assert.equal(
        euros(charged),
        shown,
        `the button read ${JSON.stringify(shown)} when clicked, and the click submitted quantity ${charged} (${euros(charged)})`,
      );
    });
  }
});
