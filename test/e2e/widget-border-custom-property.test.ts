/**
 * `--ogone-checkout-border`, documented as the "Border colour of fields", colours no field.
 *
 * Review r1253 found the defect: widget/ogone-checkout/ogone-checkout.styles.ts maps `--ogone-checkout-border` to
 * `--_border`, but `--_border` is used only as the loading skeleton's background. The quantity
 * field (`::part(quantity)`) keeps the browser's default border, whatever the merchant sets — and
 * so in the dark theme it keeps the UA's colour too. A merchant who themes the widget with the
 * documented property (e.g. to meet WCAG 1.4.11's 3:1 for a field's boundary against its brand
 * background) sees nothing change.
 *
 * Promise broken: the element's JSDoc / custom-elements.json
 * (`@cssprop --ogone-checkout-border - Border colour of fields.`) and widget/README.md
 * "Styling: … the custom properties … `-border` …".
 *
 * The fix made: in ogone-checkout.styles.ts give the fields a border from it, e.g.
 * `[part=quantity] { border: 1px solid var(--_border); border-radius: …; background: var(--_background); color: inherit; }`
 * (and use it for the Forget / Try again buttons' borders, which now use currentColor).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('the --ogone-checkout-border custom property', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('colours the border of the quantity field', async () => {
    const created = await site.flow.api('/api/buttons', { name: 'Stickers', amount: 250, currency: 'EUR', maxQuantity: 10 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout button="${id}" style="--ogone-checkout-border: rgb(255, 0, 0)"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('[part="quantity"]')`);
    const field = (await tab.evaluate(`(() => {
      const style = getComputedStyle(document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="quantity"]'));
      return { top: style.borderTopColor, bottom: style.borderBottomColor, start: style.borderInlineStartColor, width: style.borderTopWidth };
    })()`)) as { top: string; bottom: string; start: string; width: string };
    await context.close();

    assert.deepEqual(
      { top: field.top, bottom: field.bottom, start: field.start },
      { top: 'rgb(255, 0, 0)', bottom: 'rgb(255, 0, 0)', start: 'rgb(255, 0, 0)' },
      `the quantity field's border (${field.width}) ignores --ogone-checkout-border`,
    );
  });
});
