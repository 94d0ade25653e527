/**
 * A saved-card payment whose 3-D Secure challenge the shopper abandoned (STATUS 46) holds its
 * session only while its claim does (CLAIM_SECONDS): after it, the server takes a new attempt
 * (payments/session-claims.ts). The widget, which says "A payment is already in progress." at
 * load while the session's public view reads `processing`, was stuck on that message: the view
 * read `processing` for any pending payment (review r1110). It now reads `processing` exactly
 * while a new attempt would be refused (payments/views.ts payableStatus), and the widget offers
 * the Pay button again once the claim expired.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { widgetShop } from './helpers/widget-shop.ts';
import { BROWSER_INFO, hostedAttempt, postAttempt, saveCard } from '../flows/helpers.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';

describe('the widget loading a session whose 3-D Secure challenge was abandoned past its claim', { timeout: 120_000 }, () => {
  const clock = manualClock(new Date());
  const site = widgetShop({ clock, reconciler: { intervalMs: 0 }, directLink: { timeoutMs: 5000, rtimeoutSeconds: false } });

  it('offers the Pay button once the server would accept a new attempt', async () => {
    const secureCard = await saveCard(site.flow, 'cust-r1110-3ds', '4000000000000002');
    const created = await site.flow.api('/api/checkout-sessions', {
      amount: 4242,
      currency: 'EUR',
      customer: { id: 'cust-r1110-3ds', name: 'Alex Demo' },
      saveCard: 'optional',
      expiresIn: 7200,
      successUrl: 'https://shop.example.com/thanks',
      failureUrl: 'https://shop.example.com/cart',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;

    // The shopper pays with the saved card, is sent to the challenge, and goes Back without answering it.
    const first = (await (await postAttempt(site.flow, id, { aliasId: secureCard, browser: BROWSER_INFO })).json()) as AttemptResult;
    assert.equal(first.kind, 'challenge', JSON.stringify(first));
    await (await fetch((first as Extract<AttemptResult, { kind: 'challenge' }>).url, { headers: BROWSER_HEADERS })).text();
    // The claim (CLAIM_SECONDS, 600 s) runs out; the session has two hours left.
    clock.advance(601_000);

    // What the widget reads at load.
    const view = (await (await fetch(`${site.flow.url}/checkout/sessions/${id}`)).json()) as { status: string };

    site.page = `<!doctype html><html lang="en"><body>
<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${id}"></ogone-checkout>
</body></html>`;
    const context = await site.browser.newContext({ locale: 'en-GB' });
    const tab = await context.newPage();
    await tab.goto(`${site.shop.url}/`);
    await tab.waitForFunction(
      `(() => { const root = document.querySelector('ogone-checkout')?.shadowRoot;
        return !!root && (root.querySelector('[part="error"]') !== null || root.querySelector('button[part="button"]') !== null); })()`,
      undefined,
      { timeout: 15_000 },
    );
    await tab.waitForTimeout(300);
    const shown = (await tab.evaluate(
      `(() => { const root = document.querySelector('ogone-checkout').shadowRoot;
        return { pay: root.querySelector('button[part="button"]') !== null, error: root.querySelector('[part="error"]')?.textContent?.trim() ?? '' }; })()`,
    )) as { pay: boolean; error: string };
    await context.close();

    // The server would take a new attempt now (a hosted-page one: the shopper's "Use another card").
    const next = await hostedAttempt(site.flow, id, {});
    assert.ok(next.reference, 'the server accepts a new attempt once the abandoned challenge lost its claim');

    assert.equal(
      shown.error,
      '',
      `the widget refuses the payable session at load (public view status ${JSON.stringify(view.status)}), saying ${JSON.stringify(shown.error)}`,
    );
    assert.equal(shown.pay, true, 'the Pay button is offered');
  });
});
