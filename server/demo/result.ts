/**
 * What the demo shop tells a shopper back from paying — the words a merchant will copy, so they
 * are the shopper's, not the platform's: in the product's language (else the browser's), a human
 * headline and sentence, the card as "VISA •••• 1111", the reference and the NCERROR code only
 * on a small details line for support, and "Try again" where trying again can help (declined,
 * authentication failed, cancelled, a technical failure) — never after a success.
 */
import { formatMoney } from '../../shared/money.ts';
import type { PaymentState } from '../../shared/status.ts';
import { cardLabel } from '../shopper-pages/card-label.ts';
import { declineReason } from '../shopper-pages/decline-reasons.ts';
import { shopperText } from '../shopper-pages/languages.ts';
import { OUTCOME_OF_STATE, type Outcome } from '../shopper-pages/status-view.ts';
import type { ShopperPageState } from '../shopper-pages/locales/types.ts';
import { PRODUCTS } from './catalog.ts';
import type { DemoTransaction } from './merchant-client.ts';

export interface DemoResult {
  /** The payment's state (`unknown`: no such payment, `mismatch`: amount under review). */
  state: string;
  outcome: Outcome;
  /** BCP 47 tag of the words below. */
  lang: string;
  title: string;
  message: string;
  /** One small line for support: reference, amount charged (and refunded), card, NCERROR code. */
  details: string;
  /** Where "Try again" goes, and its label; absent when retrying makes no sense. */
  retry?: { href: string; label: string };
}

/** The product's card on the shop page, where a retry takes the shopper (a fresh session is there). */
export function productAnchor(productId: string): string {
  return `product-${productId}`;
}

export function demoResult(reference: string, t: DemoTransaction | undefined, acceptedLanguages: readonly string[] = []): DemoResult {
  const product = PRODUCTS.find((p) => p.id === t?.metadata?.product);
  const text = shopperText([product?.lang, ...acceptedLanguages]);
  const referenceLine = `${text.reference} ${reference}`;
  if (!t)
    return {
      state: 'unknown',
      outcome: 'neutral',
      lang: text.$code,
      title: text.notFound.title,
      message: text.notFound.detail,
      details: referenceLine,
    };

  const state = t.state as PaymentState;
  const pageState: ShopperPageState = t.amountMismatch ? 'mismatch' : state;
  const outcome = t.amountMismatch ? 'neutral' : (OUTCOME_OF_STATE[state] ?? 'neutral');
  const card = cardLabel(t.brand, t.cardNumber);
  // What was charged, as the status page shows it (routes/status-page.ts `shownAmounts`): the
  // authorised amount until a capture, then what was captured, and what was refunded beside it —
  // "Payment refunded · Amount €30.00" for €10.00 captured and refunded misled (review r1706).
  const captured = t.capturedAmount ?? 0;
  const refunded = t.refundedAmount ?? 0;
  const amount = formatMoney(captured > 0 ? captured : t.amount, t.currency, text.$code);
  const refundedLine = refunded > 0 ? `${text.refunded} ${formatMoney(refunded, t.currency, text.$code)}` : undefined;
  const decline = t.amountMismatch ? undefined : declineReason(state, t.ncError, t.status);
  const details = [
    referenceLine,
    `${text.amount} ${amount}`,
    refundedLine,
    card,
    decline?.code ? text.supportDetails(decline.code) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const result: DemoResult = {
    state: t.amountMismatch ? 'mismatch' : t.state,
    outcome,
    lang: text.$code,
    title: text.title[pageState] ?? t.state,
    message: decline ? `${text.reasons[decline.reason]} ${text.notCharged}` : (text.detail[pageState] ?? ''),
    details,
  };
  if (decline) result.retry = { href: product ? `/#${productAnchor(product.id)}` : '/', label: text.tryAgain };
  return result;
}
