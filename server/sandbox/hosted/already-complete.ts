/**
 * A finished payment's page loaded again: the shopper pressed Back after being sent to the shop
 * (the card page is `no-store`, so the browser asks again and re-posts the shop's form), or the
 * shop posted the same order twice. With the account's default ("re-launch the end of transaction
 * process" not ticked) the platform "will see a message indicating that the payment has already
 * been processed" (e-Commerce Advanced guide §9.4 "Feedback reinitiation"): no card form, nothing
 * paid, nothing sent to the shop. docs/ogone-protocol.md "The sandbox: a finished payment's page
 * loaded again".
 */
import type { Context } from 'hono';
import { readRequestAmount } from '../amount.ts';
import { alreadyCompletePage } from '../html/already-complete-page.ts';
import { pageTexts } from '../html/locales/index.ts';
import { param } from '../params.ts';
import { resultKind } from '../payments.ts';
import type { SandboxRuntime } from '../runtime.ts';
import type { HostedCheckout, Payment } from '../store.ts';
import { amountFor } from './card-form.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';

/** STATUS 46: the 3-D Secure page is still open, so the payment has not finished. */
const WAITING_FOR_AUTHENTICATION = 46;

/**
 * The ORDERID's payment when its hosted page has ended (paid, refused on the last try, cancelled,
 * uncertain), with that page; `undefined` otherwise (a refused try the shopper may repeat, a
 * DirectLink order, an open 3-D Secure challenge).
 */
export function finishedCheckout(runtime: SandboxRuntime, orderId: string): { payment: Payment; checkout: HostedCheckout } | undefined {
  const payment = runtime.store.paymentByOrderId(orderId);
  if (!payment || payment.channel !== 'e-commerce' || payment.checkoutToken === undefined) return undefined;
  if (payment.status === WAITING_FOR_AUTHENTICATION) return undefined;
  const checkout = runtime.store.checkout(payment.checkoutToken);
  if (!checkout?.completion) return undefined;
  return { payment, checkout };
}

/**
 * The link back to the shop: HOMEURL ("When the transaction has been processed, your customer is
 * requested to return to this URL via a button", `NONE` hides it: [ADV] §9.1.1), else BACKURL
 * after a refusal or a cancellation ([ADV] §10 "BACKURL"). Absolute http(s) URLs only.
 */
function shopUrl(request: Readonly<Record<string, string>>, result: ReturnType<typeof resultKind>): string | undefined {
  const home = param(request, 'HOMEURL');
  if (home.toUpperCase() === 'NONE') return undefined;
  const candidates = [home, result === 'decline' || result === 'cancel' ? param(request, 'BACKURL') : ''];
  return candidates.find((url) => /^https?:\/\/\S+$/i.test(url));
}

/** The "already complete" page: HTTP 400 like the platform's other refusals, never stored. */
export function alreadyComplete(c: Context, runtime: SandboxRuntime, finished: { payment: Payment; checkout: HostedCheckout }): Response {
  const { payment, checkout } = finished;
  const request = checkout.request;
  const amount = amountFor(readRequestAmount(param(request, 'AMOUNT')) ?? 0, param(request, 'CURRENCY'), checkout.language);
  const result = resultKind(payment.status);
  const url = shopUrl(request, result);
  const page = alreadyCompletePage({
    texts: pageTexts(checkout.language),
    merchantName: runtime.options.merchantName,
    orderId: payment.orderId,
    amountText: amount.text,
    amountLang: amount.lang,
    result,
    platformMessage: PLATFORM_ERRORS.alreadyProcessed,
    ...(url ? { shopUrl: url } : {}),
  });
  const response = c.html(page, 400);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
