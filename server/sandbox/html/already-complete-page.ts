/**
 * The page a shopper sees when the payment page of a finished payment is loaded again — Back
 * after the redirect to the shop, or the shop's form posted a second time. The platform then
 * shows "a message indicating that the payment has already been processed" (e-Commerce Advanced
 * guide §9.4 "Feedback reinitiation", the account's default), so: the order, its result, the
 * platform's text "This order has already been processed" ([NCERROR] 50001113), a link back to
 * the shop (HOMEURL, [ADV] §9.1.1; BACKURL after a refusal or a cancellation, [ADV] §10) — and
 * never a card form. docs/ogone-protocol.md "The sandbox: a finished payment's page loaded again".
 */
import { html } from './escape.ts';
import { layout } from './layout.ts';
import { alreadyCompleteTexts } from './locales/already-complete.ts';
import type { PageTexts } from './locales/index.ts';

export type FinishedResult = 'accept' | 'decline' | 'exception' | 'cancel';

export interface AlreadyCompleteModel {
  readonly texts: PageTexts;
  readonly merchantName: string;
  readonly orderId: string;
  readonly amountText: string;
  /** BCP 47 tag of the shopper's LANGUAGE, for the formatted amount. */
  readonly amountLang: string;
  readonly result: FinishedResult;
  /** The platform's own message for the request (English, as the platform writes it). */
  readonly platformMessage: string;
  /** Where "Back to the shop" goes; none when the merchant sent no URL (or HOMEURL=NONE). */
  readonly shopUrl?: string;
}

export function alreadyCompletePage(model: AlreadyCompleteModel): string {
  const t = model.texts;
  const a = alreadyCompleteTexts(t);
  const body = html`<h1>${a.title}</h1>
<p id="already-complete">${a.explanation}</p>
<dl class="order">
<dt>${t.merchant}</dt><dd>${model.merchantName}</dd>
<dt>${t.orderReference}</dt><dd>${model.orderId}</dd>
<dt>${t.totalAmount}</dt><dd><span lang="${model.amountLang}" id="amount">${model.amountText}</span></dd>
<dt>${a.resultLabel}</dt><dd id="result" data-result="${model.result}">${a.results[model.result]}</dd>
</dl>
<div lang="en"><p class="ogone-error" role="alert" id="ncol-error">${model.platformMessage}</p></div>
${model.shopUrl ? html`<p><a id="back-to-shop" href="${model.shopUrl}">${a.backToShop}</a></p>` : html`<p>${a.noLink}</p>`}`;
  return layout({ title: `${a.title} – ${model.merchantName}`, body, lang: t.lang });
}
