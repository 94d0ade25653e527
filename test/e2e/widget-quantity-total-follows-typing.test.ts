/**
 * Found by review r1649 (2026-12-07), now fixed.
 * The fix: the quantity follows the field on input (a whole number within the bounds, the field left alone) and is clamped on change, so the total shown is the one charged.
 *
 * On a payment button with a quantity, the pay button keeps showing the old total while the
 * shopper types a new quantity; it changes only when the field loses the focus — which is the
 * mousedown of the click on Pay itself. The shopper decides on "Pay €5.00" and is charged €15.00,
 * a total shown for the instant between pressing and releasing the mouse button.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#renderCheckout()` binds the quantity
 * field's `@change` only (`#onQuantity`). A number field fires `change` when it is committed (on
 * blur, or a spinner step), not while typing, so `_q` — and the label `t.pay(amount)` computed from
 * it — stays at the old quantity while the field shows the new one; `#pay()` then charges the
 * quantity committed by the blur that the click itself causes.
 *
 * Why it matters: widget/README.md — the default slot is the button label, "Pay €19.99",
 * "formatted by Intl.NumberFormat", i.e. the amount the click pays; README.md "Embedding"
 * (`POST /api/buttons`, `minQuantity` / `maxQuantity`: the quantity within the merchant's bounds
 * sets the amount). The total a shopper reads before committing must be the total charged (the
 * same amount then goes to Ogone as AMOUNT, docs/ogone-protocol.md §2 and §4).
 *
 * Expectation: once the shopper has typed "3" in the quantity field (a €5.00 ticket), the pay
 * button reads "Pay €15.00" before any blur — the total follows the `input` event (clamping to
 * the bounds may still wait for `change`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('typing a quantity on a payment button', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the pay button shows the total of the quantity typed', async () => {
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
      assert.equal((await pay.textContent())?.trim(), 'Pay €5.00');

      // The shopper selects the "1" and types "3", as anyone changes a number field.
      await quantity.click();
      await tab.keyboard.press('Control+A');
      await tab.keyboard.type('3');
      await tab.waitForTimeout(300);
      const shown = { field: await quantity.inputValue(), label: (await pay.textContent())?.trim() };

      // What the click then charges (the submit event carries the quantity sent).
      await tab.evaluate(`document.querySelector('ogone-checkout').addEventListener('ogone-checkout-submit', (e) => {
        window.submitted = e.detail.quantity; e.preventDefault();
      })`);
      await pay.click();
      const charged = await tab.evaluate('window.submitted');

      assert.equal(shown.field, '3');
      assert.equal(charged, 3, 'the click pays for the quantity typed');
      assert.equal(
        shown.label,
        'Pay €15.00',
        `with "3" in the field, the button the shopper reads before clicking says ${JSON.stringify(shown.label)}`,
      );
    } finally {
      await context.close();
    }
  });
});
