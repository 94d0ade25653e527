/**
 * Found by review r1651 (2026-12-07), now fixed.
 * The fix: for a setup session, session_paid answered to #pay() reloads the view ("Card saved.", setup-completed) instead of failing (the test's expected event now lists the recorded code: undefined).
 *
 * A setup session (save a card, nothing charged) open in two tabs: the card is saved in one, then
 * the shopper clicks "Save card" in the other. The widget says "Already paid." — for a checkout
 * that charges nothing and whose card is saved — instead of "Card saved.", and the merchant's
 * page gets `ogone-checkout-error` `session_paid` instead of `ogone-checkout-setup-completed`.
 *
 * What is wrong: widget/ogone-checkout/ogone-checkout.ts. `#load()` reads a setup session's
 * `paid` as "the card is saved" (phase `done`, "Card saved.", `setup-completed`), but `#pay()`
 * hands the server's 409 `session_paid` to `#fail()` like a payment's: `errors.session_paid`
 * ("Already paid."), the form closed, an error event. The same fact — this setup session's card
 * is saved — reads two ways depending on whether the shopper reloaded before clicking.
 *
 * Why it matters: widget/README.md, "Setup sessions": "a 'Save card' button, the line 'Nothing is
 * charged now.' … Back on the page with the session paid (for a setup session: the card is saved),
 * the widget shows 'Card saved.' and fires ogone-checkout-setup-completed { sessionId } instead of
 * 'already paid'." README.md "Setup sessions": the shopper saves a card "without paying". A
 * shopper told "Already paid." on a card-saving page believes they were charged; a shop that
 * waits for `ogone-checkout-setup-completed` to move on never gets it from this tab.
 *
 * Expectation: clicking "Save card" on a setup session whose card was saved meanwhile shows
 * "Card saved." (not "Already paid.") and fires `ogone-checkout-setup-completed` with the
 * session's id — as loading the same session does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { sessionPage, shopSession, widgetShop } from './helpers/widget-shop.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { eventually } from '../support/waiting.ts';

describe('a setup session whose card was saved in another tab', { timeout: 90_000 }, () => {
  const site = widgetShop();

  it('"Save card" in this tab says the card is saved, not "Already paid."', async () => {
    const id = await shopSession(site, {
      mode: 'setup',
      customer: { id: 'cust-r1651', name: 'Zoë Test', email: 'zoe@example.com' },
      successUrl: 'https://shop.example.com/account/cards?saved=1',
      failureUrl: 'https://shop.example.com/account/cards?failed=1',
    });
    site.page = sessionPage(
      site,
      id,
      `<script>window.seen = []; for (const name of ['error', 'setup-completed']) addEventListener('ogone-checkout-' + name, (e) => seen.push({ name, detail: { code: e.detail.code, sessionId: e.detail.sessionId } }));</script>\n`,
    );
    const context = await site.browser.newContext({ locale: 'en-GB' });
    try {
      const tab = await context.newPage();
      await tab.goto(`${site.shop.url}/`);
      await tab.waitForFunction(
        `document.querySelector('ogone-checkout')?.shadowRoot?.querySelector('button[part="button"]')?.textContent.includes('Save card')`,
      );

      // The other tab: "Save card", the card typed on FlexCheckout, back on the shop.
      const started = await fetch(`${site.flow.url}/checkout/sessions/${id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en-GB' }),
      });
      const attempt = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
      assert.equal(attempt.kind, 'navigate', JSON.stringify(attempt));
      const flexPage = await (await fetch(attempt.url, { headers: BROWSER_HEADERS })).text();
      const token = /name="TOKEN" value="([^"]+)"/.exec(flexPage)?.[1];
      const formAction = /<form[^>]*action="([^"]+)"/.exec(flexPage)?.[1];
      assert.ok(token && formAction, flexPage);
      const typed = await fetch(new URL(formAction, attempt.url), {
        method: 'POST',
        body: new URLSearchParams({ TOKEN: token, ACTION: 'save', CARDNO: '4111111111111111', ED: '12/39', CVC: '123', CN: 'Zoë Test' }),
        headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      assert.equal(typed.status, 303);
      await fetch(new URL(typed.headers.get('location')!, attempt.url), { headers: BROWSER_HEADERS, redirect: 'manual' });
      await eventually(
        async () => (await site.flow.api(`/api/checkout-sessions/${id}`)).body.status as string,
        (status) => status === 'paid',
        'the setup session is paid (its card saved)',
      );

      // This tab, still showing "Save card", is clicked.
      await tab.evaluate(`document.querySelector('ogone-checkout').shadowRoot.querySelector('button[part="button"]').click()`);
      await tab.waitForFunction(`window.seen.length > 0`);
      await tab.waitForTimeout(300);
      const shown = (await tab.evaluate(`(() => {
        const root = document.querySelector('ogone-checkout').shadowRoot;
        return {
          seen: window.seen,
          error: root.querySelector('[part="error"] p')?.textContent.trim() ?? '',
          message: root.querySelector('[part="message"]')?.textContent.trim() ?? '',
        };
      })()`)) as { seen: Array<{ name: string; detail: { code?: string; sessionId?: string } }>; error: string; message: string };

      assert.notEqual(
        shown.error,
        'Already paid.',
        `a setup session (nothing charged) is said to be "${shown.error}"; events ${JSON.stringify(shown.seen)}`,
      );
      assert.equal(shown.message, 'Card saved.');
      // The recorder copies `code` of every event: undefined for setup-completed.
      assert.deepEqual(shown.seen, [{ name: 'setup-completed', detail: { code: undefined, sessionId: id } }]);
    } finally {
      await context.close();
    }
  });
});
