/**
 * Found by review r1645 (2026-12-07), now fixed.
 * The fix: the widget keeps the error's code (its key in the translations) and translates the message at each render, as every other label.
 *
 * The error the widget shows stays in the language it was first said in: after the page (or the
 * `locale` attribute) switches language, the error text is still the old language's, next to a
 * "Try again" button and under a `lang` that already say the new one.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#fail()` translates the error once,
 * when it happens (`message` from `TRANSLATIONS[languageFor(this.resolvedLocale)]`), and stores
 * that text in `_e`; `render()` then prints `error.message` as stored, while every other text
 * (the retry button, the pay label, the wrapper's `lang`) is translated at each render. A shop
 * whose language switcher changes `<html lang>` in place (which the widget follows: it watches
 * `lang` with a MutationObserver) shows "Payment server unreachable." beside "Réessayer" inside
 * `<div lang="fr">`: a French shopper reads English, and a screen reader reads the English
 * sentence with the French voice (WCAG 2.1 SC 3.1.2 Language of Parts).
 *
 * Why it matters: widget/README.md, `locale` row — the widget speaks "the nearest `lang` (through
 * shadow roots) … Ogone's LANGUAGE follows it"; the element re-renders in the new language when
 * `lang` or `locale` changes (README's Embedding section; the widget's own lang-change handling),
 * and the error region is the one "announced to screen readers" (`::part(error)`).
 *
 * Expectation: once the page says `lang="fr"`, the error region reads the French text of the
 * same error ("Serveur de paiement injoignable.") as the retry button reads "Réessayer"; the
 * event already sent keeps its detail. (Fix: keep the code in `_e` and translate the message in
 * `render()`, as the retry label is.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sessionPage, shopSession, widgetShop } from './helpers/widget-shop.ts';

describe('the page switches language while the widget shows an error', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the error is said in the new language, as the rest of the widget is', async () => {
    const id = await shopSession(site);
    site.page = sessionPage(site, id);
    const context = await site.browser.newContext({ locale: 'en-GB' });
    try {
      const tab = await context.newPage();
      // The Pay request does not get through (a mobile connection dropping).
      await tab.route('**/attempts', (route) => route.abort('connectionreset'));
      await tab.goto(`${site.shop.url}/`);
      await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);
      await tab.evaluate(`document.querySelector('ogone-checkout').shadowRoot.querySelector('button[part="button"]').click()`);
      await tab.waitForFunction(`!!document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="retry"]')`);
      const read = `(() => {
        const root = document.querySelector('ogone-checkout').shadowRoot;
        return {
          lang: root.querySelector('[part="base"]').getAttribute('lang'),
          message: root.querySelector('[part="error"] p')?.textContent?.trim() ?? '',
          retry: root.querySelector('[part="retry"]')?.textContent?.trim() ?? '',
          pay: root.querySelector('button[part="button"]')?.textContent?.trim().replace(/\\s/g, ' ') ?? '',
        };
      })()`;
      const before = (await tab.evaluate(read)) as Record<string, string>;
      assert.deepEqual(before, { lang: 'en', message: 'Payment server unreachable.', retry: 'Try again', pay: 'Pay €19.99' });

      // The shop's language switcher, in place.
      await tab.evaluate(`document.documentElement.lang = 'fr'`);
      await tab.waitForFunction(
        `document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="base"]').getAttribute('lang') === 'fr'`,
      );
      await tab.waitForTimeout(200);
      const after = (await tab.evaluate(read)) as Record<string, string>;

      assert.equal(after.retry, 'Réessayer', 'the retry button follows the page');
      assert.equal(after.pay, 'Payer 19,99 €', 'the pay button follows the page');
      assert.equal(
        after.message,
        'Serveur de paiement injoignable.',
        `the error region, under lang="${after.lang}", still reads ${JSON.stringify(after.message)}`,
      );
    } finally {
      await context.close();
    }
  });
});
