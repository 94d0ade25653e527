/**
 * `/payment/status/:reference` — a page for shops without their own: the payment's state, amount
 * and, for a failure, the reason in plain words (the NCERROR only on a line for support), in the
 * shopper's language, with the merchant's name and the widget's look. It refreshes itself while a
 * payment is pending, and only until its session expires (server/shopper-pages/status-view.ts).
 * `/payment/status/assets/status.css` and `status.js` are its stylesheet and the pending page's
 * re-check (a reference never holds a `/`).
 *
 * A reference is the page's only key. A shopper's attempt carries 40 random bits, but a charge the
 * merchant makes of a saved card keeps the merchant's own reference ("INV-1001") as its ORDERID:
 * no shopper is sent to its page, so it has none (404, as an unknown reference); and an address
 * that guesses — RATE_LIMIT_PER_MINUTE references not found a minute — is refused for the minute.
 */
import { Hono, type Context } from 'hono';
import { formatMoney } from '../../shared/money.ts';
import type { AppContext } from '../app-context.ts';
import { isMerchantCharge } from '../aliases/charge.ts';
import { perAddressLimit } from '../http/rate-limit.ts';
import { cardLabel } from '../shopper-pages/card-label.ts';
import { acceptedLanguages, shopperText } from '../shopper-pages/languages.ts';
import { notFoundHtml, statusPageHtml } from '../shopper-pages/status-page-html.ts';
import { cardRemovedView, statusView } from '../shopper-pages/status-view.ts';
import { cardStillSaved } from '../payments/setup-destination.ts';
import { paidInstead } from '../feedback/destination.ts';
import { REFRESH_SCRIPT } from '../shopper-pages/refresh-script.ts';
import { SHOPPER_STYLESHEET } from '../shopper-pages/stylesheet.ts';
import type { TransactionRecord } from '../repository/types.ts';

import { STATUS_PAGE_PATH } from '../payments/shop-urls.ts';
export { STATUS_PAGE_PATH };
export const STYLESHEET_PATH = `${STATUS_PAGE_PATH}/assets/status.css`;
const SCRIPT_PATH = `${STATUS_PAGE_PATH}/assets/status.js`;

/** Our stylesheet and re-check script, nothing inline, no framing. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(c: Context, language: string) {
  c.header('Content-Security-Policy', STATUS_PAGE_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Language', language);
}

export function statusPageRoutes(ctx: AppContext) {
  const app = new Hono();

  app.get('/assets/status.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(SHOPPER_STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  app.get('/assets/status.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(REFRESH_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

  // Only misses count: a shopper's page re-checking itself while pending is never refused.
  app.use('/:reference', perAddressLimit({ limit: ctx.config.rateLimitPerMinute, skipSuccessfulRequests: true }));

  app.get('/:reference', async (c) => {
    const found = await ctx.repository.getTransaction(c.req.param('reference'));
    const session = found ? await ctx.repository.getSession(found.sessionId) : undefined;
    const transaction = found && !(session && isMerchantCharge(session, found)) ? found : undefined;
    // The payment's language first (the widget's, else the merchant's), then the browser's.
    const text = shopperText([
      c.req.query('lang'),
      transaction?.locale,
      session?.locale,
      ...acceptedLanguages(c.req.header('accept-language')),
    ]);
    pageHeaders(c, text.$code);
    if (!transaction) return c.html(notFoundHtml(text, ctx.config.merchantName, STYLESHEET_PATH), 404);
    // A duplicate points the shopper at the session's kept payment only while that one is paid; an
    // unpaid try of an order another tab paid, at that one (as the return does: destination.ts).
    let view = statusView(transaction, session, ctx.clock.now(), await paidInstead(ctx.repository, transaction, session));
    // The card a setup session saved may have been forgotten since (payments/setup-destination.ts).
    if (view.state === 'card_saved' && session && !(await cardStillSaved(ctx.repository, session, transaction.reference)))
      view = cardRemovedView(session, transaction.reference);
    return c.html(
      statusPageHtml({
        text,
        merchantName: ctx.config.merchantName,
        stylesheetUrl: STYLESHEET_PATH,
        scriptUrl: SCRIPT_PATH,
        view,
        paymentState: transaction.state,
        reference: transaction.reference,
        ...shownAmounts(transaction, session?.mode === 'setup', text.$code),
        card: cardLabel(transaction.brand, transaction.cardNumber),
        description: session?.description,
      }),
    );
  });

  return app;
}

/**
 * What the page says was charged and given back: the authorised amount until a capture, then what
 * was captured (a partial capture charged less), and beside it what was refunded. "Refunded,
 * amount €30.00" for €10.00 captured and refunded told the shopper three times what came back
 * (found by review r490). A setup session's verification shows none (§15).
 */
function shownAmounts(transaction: TransactionRecord, setup: boolean, locale: string): { amount: string | undefined; refunded?: string } {
  if (setup) return { amount: undefined };
  const charged = transaction.capturedAmount > 0 ? transaction.capturedAmount : transaction.amount;
  return {
    amount: formatMoney(charged, transaction.currency, locale),
    ...(transaction.refundedAmount > 0 ? { refunded: formatMoney(transaction.refundedAmount, transaction.currency, locale) } : {}),
  };
}
