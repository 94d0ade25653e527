/**
 * The hosted payment page: order summary, card fields with the standard autocomplete tokens,
 * Pay and Cancel buttons, the alias consent, in the shopper's LANGUAGE. Plain form post, no
 * script. Errors are listed in a focused role=alert summary linked to each field, and repeated
 * next to the field it concerns. After a refused try the page stays, with the platform's reason
 * (its NCERROR text) and the tries left (e-Commerce Basic guide §3; docs/ogone-protocol.md §13).
 */
import { html, raw, type Raw } from './escape.ts';
import { layout } from './layout.ts';
import type { PageTexts } from './locales/index.ts';
import { testCardsTable } from './test-cards.ts';

export type CardField = 'CARDNO' | 'ED' | 'CVC' | 'CN';

export interface CardPageModel {
  readonly action: string;
  readonly token: string;
  readonly title: string;
  readonly merchantName: string;
  readonly orderId: string;
  readonly amountText: string;
  /** BCP 47 tag of the shopper's LANGUAGE, for the formatted amount. */
  readonly amountLang: string;
  readonly alias?: {
    readonly usage: string;
    /** An existing alias: its card is prefilled (masked) and used when left as is. */
    readonly saved?: { readonly cardNo: string; readonly brand: string; readonly ed: string };
    /** Whether the consent box is ticked (a new alias). */
    readonly consent: boolean;
  };
  readonly values: { readonly CARDNO: string; readonly ED: string; readonly CN: string };
  readonly errors: Partial<Record<CardField, string>>;
  /** The last try was refused: the platform's reason, and how many tries are left. */
  readonly refusal?: { readonly ncError: string; readonly reason: string; readonly triesLeft: number };
  readonly texts: PageTexts;
}

export function cardPage(model: CardPageModel): string {
  const t = model.texts;
  const errorFields = (Object.keys(model.errors) as CardField[]).filter((field) => model.errors[field]);
  const refusal = model.refusal;
  const summary =
    errorFields.length > 0
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${t.errorSummary}</h2>
<ul>${errorFields.map((field) => html`<li><a href="#${field}">${model.errors[field]}</a></li>`)}</ul>
</div>`
      : refusal
        ? html`<div class="error-summary" id="refusal" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus data-ncerror="${refusal.ncError}">
<h2 id="error-summary-title">${t.refused}</h2>
<p><span lang="en" id="refusal-reason">${refusal.reason}</span> (NCERROR ${refusal.ncError})</p>
<p id="tries-left" data-tries-left="${String(refusal.triesLeft)}">${t.tryAgain(refusal.triesLeft)}</p>
</div>`
        : raw('');
  const field = (name: CardField, attributes: Raw, hint: string, value: string) => {
    const error = model.errors[name];
    const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
<label for="${name}">${t.labels[name]}</label>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
<input type="text" id="${name}" name="${name}" value="${value}" ${attributes}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? raw(' aria-invalid="true"') : ''} required>
</div>`;
  };
  const saved = model.alias?.saved;
  const aliasBlock = !model.alias
    ? ''
    : saved
      ? html`<p id="saved-card">${t.savedCard(saved.brand, saved.cardNo, `${saved.ed.slice(0, 2)}/${saved.ed.slice(2)}`)}</p>
${model.alias.usage ? html`<p>${model.alias.usage}</p>` : ''}`
      : html`<fieldset>
<legend>${t.saveCardLegend}</legend>
${model.alias.usage ? html`<p id="alias-usage">${model.alias.usage}</p>` : ''}
<div class="check"><input type="checkbox" id="ALIAS_STORE" name="ALIAS_STORE" value="Y"${model.alias.consent ? raw(' checked') : ''}${model.alias.usage ? raw(' aria-describedby="alias-usage"') : ''}>
<label for="ALIAS_STORE">${t.saveCardLabel(model.merchantName)}</label></div>
</fieldset>`;
  const body = html`<h1>${model.title}</h1>
<dl class="order">
<dt>${t.merchant}</dt><dd>${model.merchantName}</dd>
<dt>${t.orderReference}</dt><dd>${model.orderId}</dd>
<dt>${t.totalAmount}</dt><dd><span lang="${model.amountLang}" id="amount">${model.amountText}</span></dd>
</dl>
${summary}
<form method="post" action="${model.action}" id="payment-form">
<input type="hidden" name="TOKEN" value="${model.token}">
${field('CARDNO', raw('inputmode="numeric" autocomplete="cc-number" autocorrect="off" spellcheck="false" maxlength="23"'), saved ? '' : t.hints.CARDNO, model.values.CARDNO)}
${field('ED', raw('inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" maxlength="7"'), t.hints.ED, model.values.ED)}
${field('CVC', raw('inputmode="numeric" autocomplete="cc-csc" maxlength="4"'), t.hints.CVC, '')}
${field('CN', raw('autocomplete="cc-name" maxlength="35"'), '', model.values.CN)}
${aliasBlock}
<div class="actions">
<button type="submit" class="primary" name="ACTION" value="pay">${t.pay} <span lang="${model.amountLang}">${model.amountText}</span></button>
<button type="submit" class="danger" name="ACTION" value="cancel" formnovalidate>${t.cancel}</button>
</div>
</form>
${testCardsTable()}`;
  return layout({ title: `${model.title} – ${model.merchantName}`, body, lang: t.lang });
}
