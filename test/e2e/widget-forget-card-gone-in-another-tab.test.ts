/**
 * Found by review r1650 (2026-12-07), now fixed.
 * The fix: in #forget(), alias_not_found / alias_deletion_pending mean the card is gone: it leaves the list, with no error and no event.
 *
 * A saved card forgotten in one tab, then "Forget" → "Yes" on the same card in another tab of the
 * same checkout: the second tab says "Something went wrong." and keeps offering the card, which
 * is gone. Each new "Forget" → "Yes" says the same; the shopper believes the card is still saved.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts, `#forget()`: the public DELETE of a card
 * that is already gone answers 404 `alias_not_found` (server: forgetSessionCard, "404 naming
 * `aliasId` … and again once it is gone"); the widget handles every failure alike — `#fail(…,
 * 'forget')`, the generic "Something went wrong.", the view left as it is. The pay path of the same
 * element already knows that code means "forgotten elsewhere" (`#pay()` reloads the view on
 * `alias_not_found` / `alias_deletion_pending`), the Forget path does not.
 *
 * Why it matters: widget/README.md, "Saved cards": a card forgotten meanwhile elsewhere (another
 * tab, the merchant) "leaves the list"; the shopper asked for exactly what has happened (the card
 * is deleted, at Ogone too), and is told it failed, with the card still on screen. README.md's
 * `DELETE /checkout/sessions/:id/saved-cards/:aliasId` row: "404 naming aliasId … and again once it
 * is gone".
 *
 * Expectation: in the second tab, "Yes" on the card already forgotten removes it from the list
 * (reloading the view or dropping it), without "Something went wrong."; the other card stays.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { sessionPage, shopSession, widgetShop } from './helpers/widget-shop.ts';
import { saveCard } from '../flows/helpers.ts';

const CARDS = `[...document.querySelector('ogone-checkout').shadowRoot.querySelectorAll('fieldset > div')].map((div) => div.querySelector('label').textContent.trim())`;

async function forget(tab: Page, last4: string): Promise<void> {
  await tab.evaluate(`(() => {
    const root = document.querySelector('ogone-checkout').shadowRoot;
    const row = () => [...root.querySelectorAll('fieldset > div')].find((div) => div.textContent.includes('${last4}'));
    row().querySelector('[part="forget"]').click();
  })()`);
  // "Forget?" Yes / No: Yes is the first of the row's two buttons.
  await tab.waitForFunction(`(() => {
    const row = [...document.querySelector('ogone-checkout').shadowRoot.querySelectorAll('fieldset > div')].find((div) => div.textContent.includes('${last4}'));
    return row && row.querySelectorAll('[part="forget"]').length === 2;
  })()`);
  await tab.evaluate(`(() => {
    const row = [...document.querySelector('ogone-checkout').shadowRoot.querySelectorAll('fieldset > div')].find((div) => div.textContent.includes('${last4}'));
    row.querySelectorAll('[part="forget"]')[0].click();
  })()`);
}

describe('a saved card forgotten in one tab, then in another tab of the same checkout', { timeout: 120_000 }, () => {
  const site = widgetShop();

  it('the second tab drops the card instead of saying something went wrong', async () => {
    await saveCard(site.flow, 'cust-r1650', '4111111111111111');
    await saveCard(site.flow, 'cust-r1650', '4000000000000002');
    const id = await shopSession(site, { customer: { id: 'cust-r1650', name: 'Alex Demo' }, saveCard: 'optional' });
    site.page = sessionPage(site, id);
    const context = await site.browser.newContext({ locale: 'en-GB' });
    try {
      const first = await context.newPage();
      const second = await context.newPage();
      for (const tab of [first, second]) {
        await tab.goto(`${site.shop.url}/`);
        await tab.waitForFunction(`document.querySelector('ogone-checkout')?.shadowRoot?.querySelectorAll('fieldset > div').length === 2`);
      }

      // The first tab forgets the 1111 card: it leaves that tab's list.
      await forget(first, '1111');
      await first.waitForFunction(`${CARDS}.length === 1`);

      // The second tab, opened before, forgets the same card.
      await forget(second, '1111');
      await second.waitForFunction(`(() => {
        const root = document.querySelector('ogone-checkout').shadowRoot;
        return ${CARDS}.length === 1 || !!root.querySelector('[part="error"] p');
      })()`);
      await second.waitForTimeout(300);
      const shown = (await second.evaluate(`({
        cards: ${CARDS},
        error: document.querySelector('ogone-checkout').shadowRoot.querySelector('[part="error"] p')?.textContent.trim() ?? '',
      })`)) as { cards: string[]; error: string };

      const left = await site.flow.api('/api/customers/cust-r1650/aliases');
      assert.equal(left.body.data.length, 1, 'the card is gone on the server');
      assert.equal(shown.error, '', `the second tab says ${JSON.stringify(shown.error)}`);
      assert.deepEqual(
        shown.cards.map((label) => label.replace(/^.*•+ (\d{4}).*$/, '$1')),
        ['0002'],
        `the second tab still offers ${JSON.stringify(shown.cards)}`,
      );
    } finally {
      await context.close();
    }
  });
});
