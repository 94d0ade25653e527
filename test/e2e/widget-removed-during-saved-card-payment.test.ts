/**
 * A saved-card payment that COMPLETES while the widget is detached is thrown away.
 *
 * Review r1250 found the defect: in `#pay()` (widget/ogone-checkout/ogone-checkout.ts) every answer that arrives while
 * the element is not connected is dropped with `this._p = 'ready'`. That guard was written for
 * the hosted-page redirect ("leaving the page would surprise"), but it also swallows a
 * `{ kind: 'completed', state: 'authorized' | 'captured' }` answer: a saved card (DirectLink) that
 * HAS been charged. When the shop puts the same element back (an SPA moving the widget into a
 * modal / a step of its checkout, a keyed re-render, "back" in its router), the widget shows the
 * Pay button again for a session that is paid, no "Payment complete." status, and
 * `ogone-checkout-success` is never dispatched — so the merchant's page never learns the
 * shopper paid (no successUrl, no confirmation), and the shopper, offered "Pay €42.42" again,
 * is told "Already paid." only after a second click.
 *
 * Promise broken: widget/README.md — `ogone-checkout-success` "(saved-card payments that finish
 * in place)", and the status "Payment complete." for an authorized / captured saved-card payment.
 *
 * The fix made: in `#pay()`, apply the `!this.isConnected` guard only to the answers that leave the page
 * (`redirect`, `challenge`, `navigate`); a `completed` answer must still set `_p = 'done'` and
 * dispatch `ogone-checkout-success` (skipping only `location.assign(successUrl)` while detached) —
 * or, at the least, reload the view when the element is connected again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { saveCard } from '../flows/helpers.ts';
import { widgetShop } from './helpers/widget-shop.ts';

describe('a saved-card payment answered while the widget is detached, then re-attached', { timeout: 60_000 }, () => {
  const site = widgetShop();

  it('the charged payment must not be offered for payment again, and must end in "Payment complete."', async () => {
    const customer = 'cust-detached';
    await saveCard(site.flow, customer, '4111111111111111');
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 4242,
      currency: 'EUR',
      customer: { id: customer, name: 'Alex Demo' },
      saveCard: 'optional',
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    site.page = `<!doctype html><html lang="en"><body>
<div id="step"></div>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    // The DirectLink answer comes back a little later than the shop's router moves the element.
    // The element is put back only once the answer reached the page, however slow the server is.
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

    // The shopper chooses the saved card and pays; meanwhile the shop detaches the element
    // (e.g. to move it into another step of its checkout) and puts it back a moment later.
    await tab.evaluate(`(async () => {
      const el = window.widget = document.querySelector('ogone-checkout');
      window.successes = 0;
      el.addEventListener('ogone-checkout-success', () => window.successes++);
      const root = el.shadowRoot;
      root.querySelector('[part="saved-card"] input').click();
      await el.updateComplete;
      root.querySelector('button[part="button"]').click();
      el.remove();
    })()`);
    await answer;
    // The answer is read while the element is still out of the document.
    await tab.waitForTimeout(500);
    await tab.evaluate(`(async () => {
      document.getElementById('step').append(window.widget);
      await window.widget.updateComplete;
    })()`);
    await tab.waitForTimeout(500);

    // Money moved: the session is paid on the server.
    const view = (await (await fetch(`${site.flow.url}/checkout/sessions/${id}`)).json()) as { status: string };
    assert.equal(view.status, 'paid', 'the saved card was charged');

    const shown = (await tab.evaluate(`(() => {
      const root = document.querySelector('ogone-checkout').shadowRoot;
      return {
        payButton: root.querySelector('button[part="button"]')?.textContent?.trim() ?? null,
        status: root.querySelector('[part="message"]')?.textContent?.trim() ?? '',
        error: root.querySelector('[part="error"]')?.textContent?.trim() ?? '',
        successes: window.successes,
      };
    })()`)) as { payButton: string | null; status: string; error: string; successes: number };
    await context.close();

    assert.equal(
      shown.payButton,
      null,
      `a paid session is offered for payment again: button ${JSON.stringify(shown.payButton)}, status ${JSON.stringify(shown.status)}, error ${JSON.stringify(shown.error)}`,
    );
    assert.equal(shown.status, 'Payment complete.');
    assert.equal(shown.successes, 1, 'ogone-checkout-success is dispatched once for the completed payment');
  });
});
