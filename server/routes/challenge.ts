/**
 * `GET /payment/challenge/:token` — the 3-D Secure step of a saved-card payment: our page with
 * the platform's HTML_ANSWER (an auto-posting form to the issuer). The token is random and
 * single-purpose; once the payment left "pending" it leads to the payment's status page, and once
 * another attempt took its session over the page is gone (410), saying so in the shopper's
 * language with a link on to the shop or that attempt's status page.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../app-context.ts';
import { CLAIM_SECONDS } from '../payments/session-claims.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { challengeCsp, challengeDocument } from '../aliases/challenge-page.ts';
import { STATUS_PAGE_CSP, STATUS_PAGE_PATH, STYLESHEET_PATH } from './status-page.ts';
import { paidStill } from '../feedback/destination.ts';
import { withReference } from '../payments/shop-urls.ts';
import { acceptedLanguages, shopperText } from '../shopper-pages/languages.ts';
import { challengeGoneHtml } from '../shopper-pages/status-page-html.ts';
import { CHALLENGE_PATH } from '../aliases/pay.ts';

export function challengeRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/:token', async (c) => {
    // The token opens the shopper's pending challenge: the request log never holds it (review r1370).
    c.set('loggedPath', `${CHALLENGE_PATH}/:token`);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const challenge = await ctx.repository.getChallenge(c.req.param('token'));
    const transaction = challenge ? await ctx.repository.getTransaction(challenge.reference) : undefined;
    if (!challenge || !transaction) {
      return c.html(
        html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>This authentication link is not valid</h1></main></body></html>`,
        404,
      );
    }
    // Its claim on the session expired and another attempt took the session over (aliases/pay.ts
    // settleExpiredClaim lets a 46 go) — a saved-card one, holding the claim now, or one on the
    // hosted page, which takes no claim: an attempt made once this one's claim had ended.
    // Finished now, this challenge would charge the shopper a second time for one session, the
    // duplicate given back only afterwards.
    // Finished (the Back button, a reload): the payment's status page says how it ended, in the
    // shopper's language, with the way back to the shop; a bare 410 left a shopper who could not
    // tell whether they had paid to pay again (review r1190).
    if (transaction.state !== 'pending') return c.redirect(`${STATUS_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`, 303);
    const session = await ctx.repository.getSession(transaction.sessionId);
    const taker = session && (await takenOver(ctx, transaction, session));
    if (session && taker) {
      // Gone (410, docs/ogone-protocol.md §12), but said in the shopper's language with the way on:
      // the bare English "already finished" left a shopper who had paid in another tab to pay
      // again (review r1709). A session the other attempt paid sends them to the shop's success
      // URL under that payment's reference, as the status page's link does (§5, review r1526);
      // else to the status page of the attempt that took the session over.
      const text = shopperText([transaction.locale, session.locale, ...acceptedLanguages(c.req.header('accept-language'))]);
      const paidByTaker = session.status === 'paid' && session.paidReference === taker && (await paidStill(ctx.repository, taker));
      const wayOn =
        paidByTaker && session.successUrl
          ? { href: withReference(session.successUrl, taker), label: text.returnToShop }
          : { href: `${STATUS_PAGE_PATH}/${encodeURIComponent(taker)}`, label: text.challengeGone.checkOrder };
      c.header('Content-Security-Policy', STATUS_PAGE_CSP);
      c.header('Content-Language', text.$code);
      return c.html(challengeGoneHtml(text, ctx.config.merchantName, STYLESHEET_PATH, wayOn), 410);
    }
    c.header('Content-Security-Policy', challengeCsp(challenge.html, ctx.platformBaseUrl ?? ctx.config.publicUrl));
    return c.html(challengeDocument(challenge.html, (transaction.locale ?? 'en').slice(0, 2)));
  });
  return app;
}

/**
 * The attempt that took the session over, if one did: it holds or paid the session, or was made
 * once this one's claim had ended.
 */
async function takenOver(ctx: AppContext, transaction: TransactionRecord, session: CheckoutSessionRecord): Promise<string | undefined> {
  if (session.claimReference != null && session.claimReference !== transaction.reference) return session.claimReference;
  if (session.paidReference != null && session.paidReference !== transaction.reference) return session.paidReference;
  return newerAttempt(ctx, transaction, session);
}

/**
 * Whether the session has an attempt made once this one's claim had ended (the newest first: one
 * row read). One made before did not take the session over: refused while the claim held, or a
 * form handed out before the claim began (a setup session claims it only when the shopper comes
 * back from FlexCheckout, minutes after its payment was made) and never used. The claim's end is
 * the session's own while it is this payment's; else, a saved-card attempt claiming as it is
 * made, CLAIM_SECONDS after it was made.
 */
async function newerAttempt(ctx: AppContext, transaction: TransactionRecord, session: CheckoutSessionRecord): Promise<string | undefined> {
  const own = session.claimReference === transaction.reference && session.claimUntil ? Date.parse(session.claimUntil) : NaN;
  const claimEnded = Number.isFinite(own) ? own : Date.parse(transaction.createdAt) + CLAIM_SECONDS * 1000;
  if (claimEnded > ctx.clock.now().getTime()) return undefined;
  const page = await ctx.repository.listTransactions({ sessionId: transaction.sessionId, hiddenStates: [], limit: 1 });
  const newest = page.items[0];
  return newest !== undefined && newest.reference !== transaction.reference && Date.parse(newest.createdAt) >= claimEnded
    ? newest.reference
    : undefined;
}
