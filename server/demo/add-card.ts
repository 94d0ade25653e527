/**
 * The demo shop's "Add a card" page (`/demo/add-card`, issue 19): the demo customer saves a card
 * without paying — the shop's backend creates a setup session through the merchant API, the
 * page shows `<ogone-checkout session=…>` for it, FlexCheckout takes the card (the sandbox's, in
 * the demo) and the shopper comes back here with the result; the customer's saved cards are
 * listed, ready for the next purchase on the shop and for merchant charges.
 */
import { html } from 'hono/html';
import { Hono } from 'hono';
import { DEMO_CUSTOMER } from './catalog.ts';
import type { DemoSavedCard, DemoTransaction, MerchantClient } from './merchant-client.ts';

export const ADD_CARD_PATH = '/demo/add-card';

export interface AddCardOptions {
  merchant: MerchantClient;
  publicUrl: string;
  merchantName: string;
  /** The shop's Content-Security-Policy (shop.ts): the same page rules as the shop's. */
  csp: string;
}

type CardResult = 'saved' | 'not_saved' | 'pending';

/**
 * What became of the card the verification `reference` took, as the merchant API tells it: saved
 * while a listed card is the one it saved — its own, or for a repeat of a card already on file
 * (§15) the same card, kept under the first payment's reference; still being verified while the
 * verification is; else not saved (refused, cancelled before the card was taken, forgotten since).
 */
function cardResult(reference: string, verification: DemoTransaction | undefined, cards: readonly DemoSavedCard[]): CardResult {
  if (cards.some((card) => card.reference === reference)) return 'saved';
  if (!verification || ['declined', 'error', 'expired'].includes(verification.state)) return 'not_saved';
  if (verification.state === 'draft' || verification.state === 'pending') return 'pending';
  const last4 = verification.cardNumber?.slice(-4);
  const repeat = cards.some(
    (card) =>
      last4 && card.last4 === last4 && card.brand === verification.brand && (!verification.expiry || card.expiry === verification.expiry),
  );
  return repeat ? 'saved' : 'not_saved';
}

export function addCardRoutes(options: AddCardOptions) {
  const app = new Hono();

  app.get(ADD_CARD_PATH, async (c) => {
    c.header('Content-Security-Policy', options.csp);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    const back = `${options.publicUrl}${ADD_CARD_PATH}`;
    let sessionId: string | undefined;
    let problem: string | undefined;
    try {
      sessionId = (
        await options.merchant.createSetupSession({
          mode: 'setup',
          currency: 'EUR',
          customer: { ...DEMO_CUSTOMER },
          locale: 'en',
          successUrl: `${back}?result=saved`,
          failureUrl: `${back}?result=failed`,
          expiresIn: 3600,
        })
      ).id;
    } catch (error) {
      problem = `The shop could not start adding a card: ${(error as Error).message}`;
    }
    const cards = await options.merchant.savedCards(DEMO_CUSTOMER.id).catch(() => []);
    // The result is read from the API by the reference the return carries, never from `?result=`:
    // a reload after the card was forgotten, a shared or tampered link said "Card saved" above
    // "None yet" (review r1712; docs/ogone-protocol.md §15, README "Embedding").
    const reference = c.req.query('reference');
    let result: CardResult | undefined;
    if (reference) {
      try {
        result = cardResult(reference, await options.merchant.transaction(reference), cards);
      } catch (error) {
        const unread = `The shop could not read what became of the card just now: ${(error as Error).message}`;
        problem = problem ? `${problem} ${unread}` : unread;
      }
    }
    return c.html(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Add a card — ${options.merchantName}</title>
<link rel="stylesheet" href="/demo/shop.css">
<script type="module" src="/ogone-checkout.js"></script>
</head>
<body>
<header class="top">
<p class="brand">${options.merchantName}</p>
<nav aria-label="Demo"><a href="/">Shop</a> <a href="/dashboard">Merchant dashboard</a></nav>
</header>
<main>
<h1>Add a card</h1>
<p class="sandbox-note">Signed in as ${DEMO_CUSTOMER.name}. Save a card for later purchases: <strong>nothing is charged now</strong>. The card is checked with a 1.00 EUR authorisation cancelled at once. In the sandbox, <code>4111 1111 1111 1111</code> is saved, <code>4000 0000 0000 0200</code> is refused, <code>4000 0000 0000 0002</code> asks for 3-D Secure.</p>
${
  result === 'saved'
    ? html`<div id="card-result" class="result" data-outcome="success" role="status"><h2 class="result-title">Card saved</h2><p>It is offered at your next checkout.</p></div>`
    : result === 'not_saved'
      ? html`<div id="card-result" class="result" data-outcome="failure" role="status"><h2 class="result-title">Card not saved</h2><p>Try another card.</p></div>`
      : result === 'pending'
        ? html`<div id="card-result" class="result" data-outcome="waiting" role="status"><h2 class="result-title">Card not confirmed yet</h2><p>Reload this page in a moment.</p></div>`
        : ''
}
${problem ? html`<div class="result" data-state="error" data-outcome="failure" role="alert">${problem}</div>` : ''}
<section aria-labelledby="saved-title">
<h2 id="saved-title">Your saved cards</h2>
${
  cards.length === 0
    ? html`<p id="no-saved-cards" class="note">None yet.</p>`
    : html`<ul id="saved-cards">${cards.map(
        (card) =>
          html`<li data-alias-id="${card.id}">${card.brand ?? 'Card'} •••• ${card.last4 ?? ''}${card.expiry ? ` (${card.expiry.slice(0, 2)}/${card.expiry.slice(2)})` : ''}</li>`,
      )}</ul>`
}
</section>
${sessionId ? html`<section aria-labelledby="new-title"><h2 id="new-title">A new card</h2><ogone-checkout session="${sessionId}"></ogone-checkout></section>` : ''}
</main>
</body>
</html>`);
  });

  return app;
}
