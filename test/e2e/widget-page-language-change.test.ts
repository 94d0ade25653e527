/**
 * The page switches language (`<html lang>`) after the widget loaded: the widget keeps
 * speaking the old one, while the hosted page is then opened in the new one.
 *
 * Review r1256 found the defect: with no `locale` attribute the widget speaks "the nearest `lang`" (widget/README.md,
 * `locale` row; locale.ts resolveLocale), but it reads that `lang` only when something else
 * makes it render: nothing observes the attribute. A shop whose language switcher changes
 * `<html lang="en">` to `"fr"` in place (any single-page app: Next.js/Nuxt i18n, a Vue/React
 * router) keeps "Pay €19.99", "Save card", "Only our payment provider keeps it." in English
 * beside a French page — until the shopper happens to tick the checkbox, when the labels flip to
 * French mid-way. Meanwhile `resolvedLocale` (and the LANGUAGE sent for Ogone's hosted page at
 * the click) already say French: the button the shopper read and the page it opens disagree, and
 * a screen reader hears English text under `lang="fr"`.
 *
 * Promise broken: widget/README.md — `locale`: "default: nearest `lang` (through shadow roots)
 * … Ogone's LANGUAGE follows it"; the element re-renders when its own `locale` changes
 * (ogone-checkout.test.ts "re-renders in another locale when the attribute changes") but not
 * when the `lang` it documents as the default changes.
 *
 * The fix made: in connectedCallback (widget/ogone-checkout/ogone-checkout.ts) observe `lang` on the
 * element's ancestors (a MutationObserver on `document.documentElement` with
 * `attributeFilter: ['lang'], subtree: true`, disconnected in disconnectedCallback) and call
 * `requestUpdate()` when it changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('<html lang> changes after the widget loaded', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the widget follows the new language, as its LANGUAGE for Ogone does', async () => {
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);
    const label = `document.querySelector('ogone-checkout').shadowRoot.querySelector('button[part="button"]').textContent.trim().replace(/\\s/g, ' ')`;
    assert.equal(await tab.evaluate(label), 'Pay €19.99');

    // The shop's language switcher, in place.
    await tab.evaluate(`document.documentElement.lang = 'fr'`);
    await tab.waitForTimeout(300);
    const after = (await tab.evaluate(`({ label: ${label}, resolved: document.querySelector('ogone-checkout').resolvedLocale })`)) as {
      label: string;
      resolved: string;
    };
    await context.close();

    assert.equal(after.resolved, 'fr', 'the widget itself resolves French (this is what LANGUAGE will follow)');
    assert.equal(after.label, 'Payer 19,99 €', `the button still reads ${JSON.stringify(after.label)}`);
  });
});
