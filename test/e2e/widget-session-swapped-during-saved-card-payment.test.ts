/**
 * A saved-card payment that COMPLETES after the page swapped the widget's session is thrown away:
 * the card is charged, and neither the merchant's page nor the shopper is ever told.
 *
 * Review r1290 found the defect: in `#pay()` (widget/ogone-checkout/ogone-checkout.ts), right after the attempt's answer,
 * `if (load !== this.#loads) return;` drops EVERY answer that arrives after the `session`
 * attribute changed (the shop's cart changed, so it created a new session). That guard was meant
 * for answers that would leave the page (redirect / 3-D Secure: "must not be sent to pay the old
 * one") and for errors ("nor have the new one closed by the old one's error"), but it also
 * swallows `{ kind: 'completed', state: 'authorized' | 'captured' }` — a saved card (DirectLink)
 * that HAS been charged. The same was fixed for an element removed meanwhile ("The card
 * was charged: said even to an element removed meanwhile ... or the merchant never learns of the
 * payment"), but not for a session swapped meanwhile.
 *
 * What the shopper suffers: the old cart is paid, no `ogone-checkout-success` is dispatched (no
 * reference, no successUrl), no "Payment complete." — the widget shows the new session's
 * "Pay €50.00" and the shopper, believing nothing happened, pays again: charged twice.
 *
 * Promise broken: widget/README.md — `ogone-checkout-success` `{ reference, state, successUrl? }`
 * "(saved-card payments that finish in place)".
 *
 * The fix made: in `#pay()`, check `result.kind === 'completed'` with an accepted state BEFORE the
 * `load !== this.#loads` guard and dispatch `ogone-checkout-success` for it (with the old
 * session's reference), skipping only the state change / navigation that belongs to the new
 * session; keep the guard for redirect / challenge answers and for errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard } from '../flows/helpers.ts';
import { widgetShop } from './helpers/widget-shop.ts';

describe('a saved-card payment answered after the page swapped the session', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the charge of the old session is still reported with ogone-checkout-success', async () => {
    const customer = 'cust-swap';
    await saveCard(site.flow, customer, '4111111111111111');
    const session = async (amount: number) => {
      const created = await site.flow.api('/api/checkout-sessions', {
        amount,
        currency: 'EUR',
        customer: { id: customer, name: 'Alex Demo' },
        saveCard: 'optional',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    const oldId = await session(4242);
    const newId = await session(5000);

    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${oldId}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    // The DirectLink answer comes back a little after the shop swapped the session.
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    await tab.route('**/attempts', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.fulfill({ response });
      answered();
    });
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(`!!document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('[part="saved-card"] input')`);

    await tab.evaluate(`(async () => {
      const el = document.querySelector('ogone-checkout');
      window.successes = [];
      window.errors = [];
      el.addEventListener('ogone-checkout-success', (e) => window.successes.push(e.detail));
      el.addEventListener('ogone-checkout-error', (e) => window.errors.push(e.detail.code));
      const root = el.shadowRoot;
      root.querySelector('[part="saved-card"] input').click();
      await el.updateComplete;
      root.querySelector('button[part="button"]').click();
      // The cart changes while the payment runs: the shop gives the widget its new session.
      el.session = ${JSON.stringify(newId)};
    })()`);
    await answer;
    await tab.waitForTimeout(700);

    // Money moved: the old session is paid on the server.
    const view = (await (await fetch(`${site.flow.url}/checkout/sessions/${oldId}`)).json()) as { status: string };
    assert.equal(view.status, 'paid', 'the saved card was charged for the old session');

    const shown = (await tab.evaluate(`(() => {
      const root = document.querySelector('ogone-checkout').shadowRoot;
      return {
        successes: window.successes.length,
        errors: window.errors,
        payButton: root.querySelector('button[part="button"]')?.textContent?.trim().replace(/\\s/g, ' ') ?? null,
      };
    })()`)) as { successes: number; errors: string[]; payButton: string | null };
    await context.close();

    assert.equal(
      shown.successes,
      1,
      `the charged card is never reported: successes ${shown.successes}, errors ${JSON.stringify(shown.errors)}, the widget offers ${JSON.stringify(shown.payButton)}`,
    );
  });
});
