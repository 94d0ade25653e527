/**
 * Found by review r1666 (2026-12-07), now fixed.
 * The fix: a plain Forget button is described by its card's label only; only the asking card's Yes and No by the question.
 *
 * Review r1666 (2026-12-07), regression of 4376a85 (r1647's fix).
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#renderCheckout()`: every saved card's
 * plain "Forget" button is `aria-describedby="ask l<card>"`, relying on `#ask` existing only while
 * *that* card's question is open ("an IDREF to nothing is skipped"). But the question's element
 * has the one id `ask` whichever card asks: while card A shows "Forget? Yes / No", card B's
 * "Forget" button is described by A's question and B's label — a screen reader says "Forget,
 * button, Forget? VISA •••• 0002, expires …", as if B's deletion were awaiting confirmation,
 * when nothing was asked about B (and A's question is the one open).
 *
 * Why it matters: widget/README.md, "Saved cards": Forget is "described by its card's label, so
 * screen readers tell the buttons apart"; Yes / No are "described by the question and the card".
 * WCAG 2.1 SC 1.3.1 (Info and Relationships) and WAI-ARIA 1.2 `aria-describedby`: the description
 * must convey what is really associated with the element. A saved card is deleted at Ogone too,
 * irreversibly: a screen-reader shopper must not be told a question is pending for the wrong card.
 *
 * Expectation: while card A's question is open, card B's "Forget" button is described by B's label
 * only (no "Forget?"); only A's Yes / No carry the question (e.g. the question's id made per card,
 * `a<card>`, referenced by that card's buttons only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { widgetShop } from './helpers/widget-shop.ts';
import { saveCard } from '../flows/helpers.ts';

interface AxNode {
  role?: { value?: string };
  name?: { value?: string };
  description?: { value?: string };
}

async function buttons(tab: Page): Promise<Array<{ name: string; description: string }>> {
  const cdp = await tab.context().newCDPSession(tab);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((node) => node.role?.value === 'button')
    .map((node) => ({ name: String(node.name?.value ?? ''), description: String(node.description?.value ?? '') }));
}

describe("a saved card's Forget while another card's question is open", { timeout: 120_000 }, () => {
  const site = widgetShop();
  let tab: Page;

  before(async () => {
    await saveCard(site.flow, 'cust-r1666', '4111111111111111');
    await saveCard(site.flow, 'cust-r1666', '4000000000000002');
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      customer: { id: 'cust-r1666', name: 'Alex Demo' },
      saveCard: 'optional',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${created.body.id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`document.querySelector('ogone-checkout')?.shadowRoot?.querySelectorAll('[part="forget"]').length === 2`);
  });
  after(async () => {
    await tab
      ?.context()
      .close()
      .catch(() => undefined);
  });

  it('is described by its own card only, not by the other card\'s "Forget?"', async () => {
    // The 1111 card asks "Forget? Yes / No".
    await tab.evaluate(`(() => {
      const root = document.querySelector('ogone-checkout').shadowRoot;
      const row = [...root.querySelectorAll('fieldset > div')].find((div) => div.textContent.includes('1111'));
      row.querySelector('[part="forget"]').click();
    })()`);
    await tab.waitForFunction(`document.querySelector('ogone-checkout').shadowRoot.activeElement?.textContent === 'No'`);
    const all = await buttons(tab);
    const other = all.find((button) => button.name === 'Forget');
    assert.ok(other, `the 0002 card's Forget button: ${JSON.stringify(all)}`);
    assert.match(other.description, /0002/, JSON.stringify(other));
    assert.doesNotMatch(
      other.description,
      /Forget\?/,
      `the 0002 card's Forget (nothing asked about it) reads "${other.name}, ${other.description}"`,
    );
  });
});
