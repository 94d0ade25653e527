/**
 * The FlexCheckout tokenization page: the card fields (standard autocomplete tokens), Save and
 * Cancel, in the shopper's LAYOUT.LANGUAGE, saying that nothing is charged now (guide §2: "No
 * operation is performed on the card"). Plain form post, no script, the sandbox's layout.
 */
import { html, raw } from '../html/escape.ts';
import { layout } from '../html/layout.ts';
import type { PageTexts } from '../html/locales/index.ts';
import { testCardsTable } from '../html/test-cards.ts';

export interface FlexPageModel {
  readonly action: string;
  readonly token: string;
  readonly merchantName: string;
  /** ALIAS.ORDERID, when sent. */
  readonly orderId: string;
  /** CN prefilled: the saved alias's holder when ALIAS.ALIASID names one. */
  readonly cardHolder: string;
  readonly texts: PageTexts;
}

export function flexPage(model: FlexPageModel): string {
  const t = model.texts;
  const field = (name: 'CARDNO' | 'ED' | 'CVC' | 'CN', attributes: string, hint: string, value = '') => html`<div class="field">
<label for="${name}">${t.labels[name]}</label>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
<input type="text" id="${name}" name="${name}" value="${value}" ${raw(attributes)}${hint ? html` aria-describedby="${name}-hint"` : ''} required>
</div>`;
  const body = html`<h1>${t.flex.title}</h1>
<p id="flex-intro">${t.flex.intro(model.merchantName)}</p>
${model.orderId ? html`<dl class="order"><dt>${t.orderReference}</dt><dd>${model.orderId}</dd></dl>` : ''}
<form method="post" action="${model.action}" id="flex-form">
<input type="hidden" name="TOKEN" value="${model.token}">
${field('CARDNO', 'inputmode="numeric" autocomplete="cc-number" autocorrect="off" spellcheck="false" maxlength="23"', t.hints.CARDNO)}
${field('ED', 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" maxlength="7"', t.hints.ED)}
${field('CVC', 'inputmode="numeric" autocomplete="cc-csc" maxlength="4"', t.hints.CVC)}
${field('CN', 'autocomplete="cc-name" maxlength="35"', '', model.cardHolder)}
<div class="actions">
<button type="submit" class="primary" name="ACTION" value="save">${t.flex.save}</button>
<button type="submit" class="danger" name="ACTION" value="cancel" formnovalidate>${t.cancel}</button>
</div>
</form>
${testCardsTable()}`;
  return layout({ title: `${t.flex.title} – ${model.merchantName}`, body, lang: t.lang });
}
