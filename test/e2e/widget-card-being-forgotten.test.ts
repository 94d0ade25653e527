/**
 * The widget in Chromium paying with a saved card that another tab forgot while Ogone has not
 * confirmed the deletion yet (its DELALIAS fails for now: `deletion_pending`, README "Merchant
 * API" — the card can no longer be charged meanwhile).
 *
 * The server refuses that payment with 409 `alias_deletion_pending` and no longer offers the card
 * in the session's view (repository/aliases.ts listAliases). The widget must treat it as a card
 * already gone (`alias_not_found`): reload the session so the card leaves the list and the shopper
 * chooses again ("Use another card" works), rather than keep offering a card every click on Pay
 * is refused for (found in review r1070).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard } from '../flows/helpers.ts';
import { widgetShop } from './helpers/widget-shop.ts';

/** Run in the page (a string: this file is type-checked for Node, without the DOM). */
const RECORD_ERRORS = `window.errors = []; document.addEventListener('ogone-checkout-error', (event) => window.errors.push(event.detail));`;

describe('the widget paying with a saved card forgotten in another tab while Ogone is slow to confirm', { timeout: 90_000 }, () => {
  const site = widgetShop();

  it('the card leaves the list, as one already deleted does', async () => {
    const card = await saveCard(site.flow, 'cust-forget-pending', '4111111111111111');
    const session = await site.flow.api('/api/checkout-sessions', {
      amount: 1999,
      currency: 'EUR',
      customer: { id: 'cust-forget-pending', name: 'Alex Demo' },
      saveCard: 'optional',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(session.status, 201);
    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${session.body.id}"></ogone-checkout>
</body></html>`;

    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    const widget = tab.locator('ogone-checkout');
    await widget.locator(`div[id="${card}"] input[type="radio"]`).waitFor();
    await tab.evaluate(RECORD_ERRORS);

    // Another tab forgets the card while Ogone's alias deletion fails for now: deletion pending.
    const fault = await fetch(`${site.flow.url}/sandbox/batch/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fail: 2 }),
    });
    assert.equal(fault.status, 200);
    const forgotten = await fetch(`${site.flow.url}/checkout/sessions/${session.body.id}/saved-cards/${card}`, { method: 'DELETE' });
    assert.equal(forgotten.status, 204);
    assert.equal((await site.flow.api(`/api/aliases/${card}`)).body.deletionStatus, 'deletion_pending');

    // This tab still shows it: the shopper picks it and pays.
    await widget.locator(`div[id="${card}"] input[type="radio"]`).check();
    await widget.locator('button[part="button"]').click();
    await tab.waitForFunction('window.errors.length > 0');
    const [error] = (await tab.evaluate('window.errors')) as Array<{ code: string }>;
    await tab.waitForTimeout(500);
    const shown = (await tab.evaluate(
      `(() => { const root = document.querySelector('ogone-checkout').shadowRoot;
        return { stillListed: root.getElementById(${JSON.stringify(card)}) !== null, error: root.querySelector('[part="error"]')?.textContent ?? '' }; })()`,
    )) as { stillListed: boolean; error: string };
    // What the server offers now: not that card.
    const view = (await (await fetch(`${site.flow.url}/checkout/sessions/${session.body.id}`)).json()) as {
      savedCards: Array<{ id: string }>;
    };
    await context.close();

    assert.equal(error!.code, 'alias_deletion_pending');
    assert.ok(!view.savedCards.some((c) => c.id === card), 'the server no longer offers the card');
    assert.equal(
      shown.stillListed,
      false,
      `the widget still offers the card being forgotten after the refusal, saying ${JSON.stringify(shown.error)}`,
    );
    // What a card already gone (alias_not_found) shows: the generic text, the checkout still open.
    assert.equal(shown.error.trim(), 'Something went wrong.');
  });
});
