/** The demo shop's HTML: products with their `<ogone-checkout>` tags, the last result, the webhooks received. */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatMoney } from '../../shared/money.ts';
import type { Product } from './catalog.ts';
import type { DemoTransaction } from './merchant-client.ts';
import { demoResult, productAnchor, type DemoResult } from './result.ts';
import type { ReceivedEvent } from './webhook-inbox.ts';

export interface ShopPageModel {
  merchantName: string;
  products: ReadonlyArray<{ product: Product; sessionId: string | undefined }>;
  customerName: string;
  result?: { reference: string; transaction: DemoTransaction | undefined };
  /** The browser's Accept-Language, most preferred first: the result's language when the product has none. */
  languages?: readonly string[];
  events: ReceivedEvent[];
  problem?: string;
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The result banner; the page's module refreshes it from `/demo/payments/:reference` (client/result.ts). */
export function resultBanner(reference: string, result: DemoResult): Html {
  return html`<section id="result" class="result" data-state="${result.state}" data-outcome="${result.outcome}" data-reference="${reference}" lang="${result.lang}" role="status">
<h2 class="result-title">${result.title}</h2>
<p class="result-message">${result.message}</p>
<p class="result-details">${result.details}</p>
${result.retry ? html`<p><a class="retry" href="${result.retry.href}">${result.retry.label}</a></p>` : ''}
</section>`;
}

export function eventItem(event: ReceivedEvent): Html {
  return html`<li data-event-id="${event.id}" data-type="${event.type}" data-reference="${event.reference ?? ''}"><code>${event.type}</code> ${event.reference ?? ''}${event.state ? ` → ${event.state}` : ''} <small>verified, received ${event.receivedAt.slice(11, 19)} UTC${event.duplicates > 0 ? `, ${event.duplicates} duplicate delivery ignored` : ''}</small></li>`;
}

export function shopPage(model: ShopPageModel): Html {
  const result = model.result ? demoResult(model.result.reference, model.result.transaction, model.languages) : undefined;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${model.merchantName} — ogone-checkout demo</title>
<link rel="stylesheet" href="/demo/shop.css">
<script type="module" src="/ogone-checkout.js"></script>
<script type="module" src="/demo/shop.js"></script>
</head>
<body>
<header class="top">
<p class="brand">${model.merchantName}</p>
<nav aria-label="Demo"><a href="/demo/add-card">Add a card</a> <a href="/dashboard">Merchant dashboard</a> <a href="/demo/events">Webhooks (JSON)</a> <a href="/sandbox">Sandbox control API</a></nav>
</header>
<main>
<p class="sandbox-note"><strong>Sandbox:</strong> no real payment is made. Pay with <code>4111 1111 1111 1111</code>, any future expiry (12/30) and any CVC; <code>4000 0000 0000 0200</code> is refused, <code>4000 0000 0000 0002</code> asks for 3-D Secure. Signed in as ${model.customerName}: tick “save my card” once and it is offered on your next visit.</p>
${result ? resultBanner(model.result!.reference, result) : ''}
${model.problem ? html`<div class="result" data-state="error" data-outcome="failure" role="alert">${model.problem}</div>` : ''}
<h1>Shop</h1>
<ul class="products">
${model.products.map(
  ({
    product,
    sessionId,
  }) => html`<li class="product" id="${productAnchor(product.id)}" lang="${product.lang}" data-product="${product.id}">
<div class="tile" aria-hidden="true">${product.initial}</div>
<h2>${product.name}</h2>
<p>${product.blurb}</p>
<p class="price">${formatMoney(product.amount, product.currency, product.lang)}</p>
${sessionId ? html`<ogone-checkout session="${sessionId}"></ogone-checkout>` : html`<p class="error">This product cannot be paid right now.</p>`}
</li>`,
)}
</ul>
<section aria-labelledby="webhooks-title" class="webhooks">
<h2 id="webhooks-title">Webhooks received by this shop</h2>
<p class="note">Every event is checked with <code>verifyWebhookSignature</code> and handled once per event id (deliveries are at-least-once).</p>
<ol id="webhooks" aria-live="polite">${model.events.length === 0 ? raw('') : model.events.map(eventItem)}</ol>
<p id="no-webhooks" class="note"${model.events.length === 0 ? '' : raw(' hidden')}>None yet — pay for something.</p>
</section>
</main>
</body>
</html>`;
}
