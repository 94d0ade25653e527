/**
 * Found by review r1648 (2026-12-07), now fixed.
 * The fix: aria-busy left the wrapper: it marks the parts being replaced (the pay button while busy, the skeleton while loading), never an ancestor of the live regions.
 *
 * The "Processing…" the widget puts in its status live region after the shopper presses Pay is
 * said only inside an `aria-busy="true"` container, and taken away when the container stops being
 * busy: assistive technology that honours aria-busy never announces it.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `render()`: the status region
 * (`<p part="message" role="status">`) gets its text — `t.processing` — exactly while the phase
 * is `busy` / `redirecting` (and `loading`), and in those same phases the wrapper that contains it
 * (`<div part="base" aria-busy=…>`) is `aria-busy="true"`. When the phase ends the text is
 * emptied (or replaced by the error). WAI-ARIA 1.2, `aria-busy`: assistive technologies may
 * ignore changes inside a busy element and expose them as one update once it is no longer busy —
 * by then "Processing…" is gone. A screen-reader shopper who pressed Pay on a saved card (a
 * DirectLink round trip of seconds, 3-D Secure data included) hears nothing until the page moves
 * or an error comes, and may press again.
 *
 * Why it matters: the element computes that status text for these very phases so that it is
 * announced (`role="status"`, the JSDoc's `message` part "the status line"); widget/README.md and
 * README.md's accessibility claims (screen readers, live regions). WAI-ARIA 1.2, the `aria-busy`
 * state ("assistive technologies MAY ignore changes to content within an element with aria-busy
 * true" until it is false), and its live-region rules.
 *
 * Expectation: while the widget says "Processing…" in its status region after Pay, neither that
 * region nor any element containing it is `aria-busy="true"` (mark busy the button or the part
 * being replaced, not the live region's ancestor).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sessionPage, shopSession, widgetShop } from './helpers/widget-shop.ts';

describe('the status announced after Pay', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('"Processing…" is not inside an aria-busy container', async () => {
    const id = await shopSession(site);
    site.page = sessionPage(site, id);
    const context = await site.browser.newContext({ locale: 'en-GB' });
    try {
      const tab = await context.newPage();
      // The attempt takes its time (a saved card's DirectLink call, a slow network).
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await tab.route('**/attempts', async (route) => {
        await held;
        await route.abort('connectionreset');
      });
      await tab.goto(`${site.shop.url}/`);
      await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')`);
      await tab.evaluate(`document.querySelector('ogone-checkout').shadowRoot.querySelector('button[part="button"]').click()`);
      await tab.waitForFunction(
        `document.querySelector('ogone-checkout').shadowRoot.querySelector('[role="status"]')?.textContent.trim() === 'Processing…'`,
      );
      const seen = (await tab.evaluate(`(() => {
        const status = document.querySelector('ogone-checkout').shadowRoot.querySelector('[role="status"]');
        const busy = [];
        for (let node = status; node; node = node.parentElement) if (node.getAttribute('aria-busy') === 'true') busy.push(node.getAttribute('part') || node.tagName);
        return { text: status.textContent.trim(), busy };
      })()`)) as { text: string; busy: string[] };
      release();
      await tab.waitForFunction(`!!document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="retry"]')`);
      const after = (await tab.evaluate(
        `document.querySelector('ogone-checkout').shadowRoot.querySelector('[role="status"]').textContent.trim()`,
      )) as string;

      assert.equal(seen.text, 'Processing…');
      assert.equal(after, '', 'the status is emptied once the container is no longer busy');
      assert.deepEqual(seen.busy, [], `"Processing…" is said inside aria-busy="true" ancestors: ${JSON.stringify(seen.busy)}`);
    } finally {
      await context.close();
    }
  });
});
