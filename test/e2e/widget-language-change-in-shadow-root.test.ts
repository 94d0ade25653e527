/**
 * The widget placed inside another component's shadow root does not follow a `lang` changed in
 * place on its ancestor there: the MutationObserver for lang could not see into shadow trees.
 *
 * Review r1290 found the defect: in `connectedCallback` (widget/ogone-checkout/ogone-checkout.ts), the fix for "the widget
 * follows the page when its lang changes in place" observes `document` with
 * `{ attributeFilter: ['lang'], subtree: true }`. A document's subtree does not include shadow
 * trees, so a `lang` changed on an ancestor that lives in a shadow root (a design-system layout,
 * a Lit/Stencil/Angular-Elements shell that wraps the checkout and carries the shop's language) is
 * never seen — while `resolveLocale` (locale.ts `nearestLang`) DOES read that very ancestor
 * ("through shadow roots"). So `resolvedLocale`, and the LANGUAGE sent to Ogone at the click, are
 * French, while the shopper reads "Pay €19.99" in English, and a screen reader is told
 * `lang="en"` beside a French page — the exact defect that fix was for, for every shop
 * that puts the widget in a shadow root.
 *
 * Promise broken: widget/README.md, `locale` — "default: nearest `lang` (through shadow roots)";
 * and the commit "Widget: follows the page when its lang changes in place".
 *
 * The fix made: in connectedCallback, also observe every shadow root between the element and the document
 * (walk `getRootNode()` → `.host` and observe each root with the same options), disconnecting
 * them all in disconnectedCallback.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('a lang changed in place on an ancestor inside a shadow root', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the labels follow, as resolvedLocale already does', async () => {
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    // The shop's own shell component: its shadow root holds the region that carries the language.
    site.page = `<!doctype html><html><body>
<shop-shell></shop-shell>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<script>
  customElements.define('shop-shell', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<main id="region" lang="en"><ogone-checkout session="${id}"></ogone-checkout></main>';
    }
  });
</script>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    const widget = `document.querySelector('shop-shell').shadowRoot.querySelector('ogone-checkout')`;
    await tab.waitForFunction(`!!${widget}?.shadowRoot?.querySelector('button[part="button"]')`);
    const read = `({
      label: ${widget}.shadowRoot.querySelector('button[part="button"]').textContent.trim().replace(/\\s/g, ' '),
      lang: ${widget}.shadowRoot.querySelector('[part="base"]').getAttribute('lang'),
      resolved: ${widget}.resolvedLocale,
    })`;
    assert.deepEqual(await tab.evaluate(read), { label: 'Pay €19.99', lang: 'en', resolved: 'en' });

    // The shell's language switcher, in place.
    await tab.evaluate(`document.querySelector('shop-shell').shadowRoot.getElementById('region').lang = 'fr'`);
    await tab.waitForTimeout(300);
    const shown = (await tab.evaluate(read)) as { label: string; lang: string; resolved: string };
    await context.close();

    assert.equal(shown.resolved, 'fr', 'the widget itself resolves French (LANGUAGE at the click follows it)');
    assert.deepEqual(shown, { label: 'Payer 19,99 €', lang: 'fr', resolved: 'fr' });
  });
});
