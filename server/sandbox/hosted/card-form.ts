/** Builds the payment page of an open checkout (first view, or again with the shopper's errors). */
import { toBcp47 } from '../../../shared/languages.ts';
import { readRequestAmount, shopperAmount } from '../amount.ts';
import { cardPage, type CardField } from '../html/card-page.ts';
import { pageTexts } from '../html/locales/index.ts';
import { ncErrorMessage } from '../ncerrors.ts';
import { param } from '../params.ts';
import type { SandboxRuntime } from '../runtime.ts';
import type { HostedCheckout } from '../store.ts';
import { PAY_PAGE, pageUrl } from './pages.ts';

export interface CardFormState {
  readonly values?: { CARDNO?: string; ED?: string; CN?: string };
  readonly errors?: Partial<Record<CardField, string>>;
  readonly consent?: boolean;
  /** The NCERROR of the refused try the shopper is back from, and the tries left. */
  readonly refusal?: { readonly ncError: string; readonly triesLeft: number };
}

/** The amount for the shopper's LANGUAGE, from AMOUNT as received (the amount × 100: 150000 JPY shows ¥1,500). */
export function amountFor(hundredths: number, currency: string, language: string): { text: string; lang: string } {
  const lang = toBcp47(language);
  return { text: shopperAmount(hundredths, currency, lang), lang };
}

export function renderCardForm(runtime: SandboxRuntime, origin: string, checkout: HostedCheckout, state: CardFormState = {}): string {
  const request = checkout.request;
  // The request was validated on arrival, so AMOUNT is digits.
  const amount = amountFor(readRequestAmount(param(request, 'AMOUNT')) ?? 0, param(request, 'CURRENCY'), checkout.language);
  const saved = checkout.aliasName ? runtime.store.alias(checkout.aliasName, runtime.options.now()) : undefined;
  const usage = param(request, 'ALIASUSAGE') || saved?.usage || '';
  const texts = pageTexts(checkout.language);
  return cardPage({
    texts,
    ...(state.refusal ? { refusal: { ...state.refusal, reason: ncErrorMessage(state.refusal.ncError) } } : {}),
    action: pageUrl(origin, PAY_PAGE),
    token: checkout.token,
    title: param(request, 'TITLE') || texts.title,
    merchantName: runtime.options.merchantName,
    orderId: param(request, 'ORDERID'),
    amountText: amount.text,
    amountLang: amount.lang,
    ...(checkout.aliasName
      ? {
          alias: {
            usage,
            ...(saved ? { saved: { cardNo: saved.card.cardNo, brand: saved.card.brand, ed: saved.card.ed } } : {}),
            consent: state.consent ?? true,
          },
        }
      : {}),
    values: {
      CARDNO: state.values?.CARDNO ?? saved?.card.cardNo ?? '',
      ED: state.values?.ED ?? (saved ? `${saved.card.ed.slice(0, 2)}/${saved.card.ed.slice(2)}` : ''),
      CN: state.values?.CN ?? saved?.card.cn ?? param(request, 'CN'),
    },
    errors: state.errors ?? {},
  });
}
