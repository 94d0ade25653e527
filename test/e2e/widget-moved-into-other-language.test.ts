/**
 * The widget moved in the DOM into a region of another language keeps speaking the old one,
 * while `resolvedLocale` (and so the LANGUAGE of the hosted page opened at the click) is the new.
 *
 * Review r1290 found the defect: in `connectedCallback` (widget/ogone-checkout/ogone-checkout.ts), the labels are resolved
 * from "the nearest `lang`" only when something makes the element render. A fix added a
 * MutationObserver for a `lang` ATTRIBUTE changed in place, but moving the element (the shop's
 * router or a dialog re-parenting it, a keyed re-render that re-inserts it) under an ancestor with
 * another `lang` changes its nearest `lang` without any attribute mutation, and Lit's
 * connectedCallback does not re-render. The shopper reads "Pay €19.99" in English inside a French
 * region, a screen reader is told `lang="en"` there, and the click then opens Ogone's page in
 * French — the label and the page it opens disagree, exactly what the fix
 * ("the widget follows the page when its lang changes in place") meant to end.
 *
 * Promise broken: widget/README.md, `locale` — "default: nearest `lang` (through shadow roots)
 * … Ogone's LANGUAGE follows it".
 *
 * The fix made: in `connectedCallback` (next to the new MutationObserver) call `this.requestUpdate()`, so a
 * (re)connected element renders in the language of where it now is.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetShop } from './helpers/widget-shop.ts';

describe('the widget moved under an ancestor of another lang', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('speaks the language of where it now is, as resolvedLocale does', async () => {
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body>
<section id="fr" lang="fr"><h2>Paiement</h2></section>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);
    const read = `(() => { const el = document.querySelector('ogone-checkout'); return {
      label: el.shadowRoot.querySelector('button[part="button"]').textContent.trim().replace(/\\s/g, ' '),
      lang: el.shadowRoot.querySelector('[part="base"]').getAttribute('lang'),
      resolved: el.resolvedLocale,
    }; })()`;
    assert.deepEqual(await tab.evaluate(read), { label: 'Pay €19.99', lang: 'en', resolved: 'en' });

    // The shop moves the checkout into its French section (a step of its checkout, a dialog).
    await tab.evaluate(`document.getElementById('fr').append(document.querySelector('ogone-checkout'))`);
    await tab.waitForTimeout(300);
    const shown = (await tab.evaluate(read)) as { label: string; lang: string; resolved: string };
    await context.close();

    assert.equal(shown.resolved, 'fr', 'the widget itself resolves French (LANGUAGE at the click follows it)');
    assert.deepEqual(shown, { label: 'Payer 19,99 €', lang: 'fr', resolved: 'fr' });
  });
});
