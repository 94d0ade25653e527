/**
 * Found by review r1647 (2026-12-07), now fixed.
 * The fix: each saved card's label has an id; its Forget, Yes and No are aria-describedby that label and the question ("Forget? VISA •••• 0002, …").
 *
 * With several saved cards, a screen-reader shopper cannot tell which card a "Forget" button
 * forgets, nor what the "Yes" / "No" that takes the focus answers.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#renderCheckout()`: each saved card's
 * row renders `<button part="forget">Forget</button>` with nothing tying it to its card (no
 * aria-label, no aria-describedby): every row's button has the same accessible name, "Forget".
 * Its confirmation renders the question as bare text (`${t.forgetAsk}`) beside "Yes" and "No",
 * and `#ask()` moves the focus to "No": the screen reader says "No, button" — the question is not
 * the button's name or description, nor a group's label, and it does not say which card. A shopper
 * who tabs to the controls (focus moves straight to them, skipping the text) confirms the deletion
 * of a saved card — deleted at Ogone too, irreversibly — without being told which one.
 *
 * Why it matters: widget/README.md, "Saved cards": "Each saved card has a 'Forget' button; it
 * turns into 'Forget? Yes / No' (focus on 'No')"; the README's accessibility claims (keyboard and
 * screen-reader use, axe-clean). WCAG 2.1 SC 2.4.6 Headings and Labels (AA: labels describe the
 * purpose) and SC 1.3.1 Info and Relationships (the question and the card a control acts on must
 * be programmatically determinable, not only visually adjacent).
 *
 * Expectation: each "Forget" button's accessible name or description names its card (e.g.
 * "VISA •••• 1111"), so the buttons differ; and the focused "No" conveys the question and the card
 * (e.g. described by "Forget? VISA •••• 0002", or inside a labelled group).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { sessionPage, shopSession, widgetShop } from './helpers/widget-shop.ts';
import { saveCard } from '../flows/helpers.ts';

interface AxNode {
  role?: { value?: string };
  name?: { value?: string };
  description?: { value?: string };
  properties?: Array<{ name: string; value: { value?: unknown } }>;
}

/** Chromium's accessibility tree: what a screen reader reads of each button. */
async function buttons(tab: Page): Promise<Array<{ name: string; description: string; focused: boolean }>> {
  const cdp = await tab.context().newCDPSession(tab);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((node) => node.role?.value === 'button')
    .map((node) => ({
      name: String(node.name?.value ?? ''),
      description: String(node.description?.value ?? ''),
      focused: !!node.properties?.some((p) => p.name === 'focused' && p.value.value === true),
    }));
}

describe('forgetting one of several saved cards with a screen reader', { timeout: 120_000 }, () => {
  const site = widgetShop();
  let tab: Page;

  before(async () => {
    await saveCard(site.flow, 'cust-r1647', '4111111111111111');
    await saveCard(site.flow, 'cust-r1647', '4000000000000002');
    const id = await shopSession(site, { customer: { id: 'cust-r1647', name: 'Alex Demo' }, saveCard: 'optional' });
    site.page = sessionPage(site, id);
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

  it('each "Forget" button says which card it forgets', async () => {
    const forget = (await buttons(tab)).filter((button) => /forget/i.test(button.name));
    assert.equal(forget.length, 2, JSON.stringify(await buttons(tab)));
    const read = forget.map((button) => `${button.name} ${button.description}`.trim());
    assert.ok(
      /1111/.test(read.join('|')) && /0002/.test(read.join('|')) && read[0] !== read[1],
      `a screen reader reads ${JSON.stringify(read)}`,
    );
  });

  it('the focused "No" says what it answers and for which card', async () => {
    // The second card's Forget (the 0002 card is listed first or second: pick it by its row).
    await tab.evaluate(`(() => {
      const root = document.querySelector('ogone-checkout').shadowRoot;
      const row = [...root.querySelectorAll('fieldset > div')].find((div) => div.textContent.includes('0002'));
      row.querySelector('[part="forget"]').click();
    })()`);
    await tab.waitForFunction(`document.querySelector('ogone-checkout').shadowRoot.activeElement?.textContent === 'No'`);
    const focused = (await buttons(tab)).find((button) => button.focused);
    assert.ok(focused, 'a button has the focus');
    const read = `${focused.name} ${focused.description}`;
    assert.ok(/forget/i.test(read) && /0002/.test(read), `the focused button reads ${JSON.stringify(read)}`);
  });
});
