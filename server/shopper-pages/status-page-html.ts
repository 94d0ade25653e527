/**
 * The status page and its 404 as HTML, in the shopper's language. Every value goes through
 * hono/html's escaping (the merchant's name and the order's description are the merchant's
 * text); the only style is our stylesheet (`style-src 'self'`), the only script the pending
 * page's re-check (refresh-script.ts).
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ShopperText } from './locales/types.ts';
import type { StatusView } from './status-view.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface StatusPageModel {
  text: ShopperText;
  merchantName: string;
  stylesheetUrl: string;
  /** The pending page's script (refresh-script.ts). */
  scriptUrl: string;
  view: StatusView;
  /** The payment's own state, kept as a data attribute for scripts and tests. */
  paymentState: string;
  reference: string;
  /** Left out for a setup session: its verification's one unit is never the shopper's to pay. */
  amount: string | undefined;
  /** What came back to the card, when anything did. */
  refunded?: string | undefined;
  card: string | undefined;
  description: string | null | undefined;
}

// Non-ASCII text as \u escapes: a tagged template's raw text reaches the bundle as written, and one
// such character makes V8 hold all of server.cjs two bytes a character (scripts/build-packages.mjs).
function head(title: string, merchantName: string, stylesheetUrl: string, refresh?: { seconds: number; scriptUrl: string }): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
${refresh ? html`<script src="${refresh.scriptUrl}" defer></script>\n<noscript><meta http-equiv="refresh" content="${refresh.seconds}"></noscript>\n` : ''}<title>${title} \u2014 ${merchantName}</title>
<link rel="stylesheet" href="${stylesheetUrl}">
</head>`;
}

export function statusPageHtml(model: StatusPageModel): Html {
  const { text, view } = model;
  const title = text.title[view.state];
  // A failure with a known reason leads with it ("Your bank declined the payment. Try another card.").
  const message = view.decline ? text.reasons[view.decline.reason] : text.detail[view.state];
  const failed = view.decline !== undefined || view.state === 'abandoned' || view.state === 'expired' || view.state === 'card_not_saved';
  return html`<!doctype html>
<html lang="${text.$code}">
${head(
  title,
  model.merchantName,
  model.stylesheetUrl,
  view.refreshSeconds === undefined ? undefined : { seconds: view.refreshSeconds, scriptUrl: model.scriptUrl },
)}
<body>
<main data-state="${model.paymentState}" data-page="${view.state}" data-outcome="${view.outcome}"${view.refreshSeconds === undefined ? '' : html` data-refresh-seconds="${view.refreshSeconds}"`}>
<p class="merchant">${model.merchantName}</p>
<h1>${title}</h1>
<p class="message">${message}</p>
${failed ? html`<p class="muted">${text.notCharged}</p>` : ''}
<dl>
${model.description ? html`<dt>${text.order}</dt><dd>${model.description}</dd>` : ''}
${model.amount ? html`<dt>${text.amount}</dt><dd>${model.amount}</dd>` : ''}
${model.refunded ? html`<dt>${text.refunded}</dt><dd>${model.refunded}</dd>` : ''}
${model.card ? html`<dt>${text.card}</dt><dd>${model.card}</dd>` : ''}
<dt>${text.reference}</dt><dd>${model.reference}</dd>
</dl>
${view.refreshSeconds !== undefined ? html`<p class="muted" role="status">${text.refreshing}</p>` : ''}
${view.shopUrl ? html`<p><a class="button" href="${view.shopUrl}">${text.returnToShop}</a></p>` : ''}
${view.decline?.code ? html`<p class="support">${text.supportDetails(view.decline.code)}</p>` : ''}
</main>
</body>
</html>`;
}

export function notFoundHtml(text: ShopperText, merchantName: string, stylesheetUrl: string): Html {
  return html`<!doctype html>
<html lang="${text.$code}">
${head(text.notFound.title, merchantName, stylesheetUrl)}
<body>
<main data-page="not-found" data-outcome="neutral">
<p class="merchant">${merchantName}</p>
<h1>${text.notFound.title}</h1>
<p class="message">${text.notFound.detail}</p>
</main>
</body>
</html>`;
}

/**
 * A 3-D Secure challenge whose session another attempt took over (routes/challenge.ts, 410): the
 * order is paid, or being paid, elsewhere — said in the shopper's language with the way on, not a
 * bare English "already finished" that left them to pay again (review r1709).
 */
export function challengeGoneHtml(
  text: ShopperText,
  merchantName: string,
  stylesheetUrl: string,
  wayOn: { href: string; label: string },
): Html {
  const words = text.challengeGone;
  return html`<!doctype html>
<html lang="${text.$code}">
${head(words.title, merchantName, stylesheetUrl)}
<body>
<main data-page="challenge-gone" data-outcome="neutral">
<p class="merchant">${merchantName}</p>
<h1>${words.title}</h1>
<p class="message">${words.detail}</p>
<p><a class="button" href="${wayOn.href}">${wayOn.label}</a></p>
</main>
</body>
</html>`;
}
