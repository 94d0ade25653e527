/**
 * `GET /payment/flex/return` — where FlexCheckout sends the shopper back, for a setup session
 * (issue 19, docs/ogone-protocol.md §15): PARAMETERS.ACCEPTURL and PARAMETERS.EXCEPTIONURL both.
 * An HTTP adapter: the query's pairs (repeats kept, so a doubled signed field is refused) go to
 * aliases/setup-return.ts; the browser gets a 303 to the shop's success or failure URL, our
 * challenge page (3-D Secure) or our status page. A bad signature or an attempt that is not ours
 * is a page saying so — nothing stored, nothing redirected. Rate-limited per address like the
 * feedback: a legitimate shopper returns once.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../app-context.ts';
import { handleSetupReturn } from '../aliases/setup-return.ts';
import { isPaymentError } from '../domain/payment-error.ts';
import { clientAddress } from '../http/client-address.ts';
import { perAddressLimit } from '../http/rate-limit.ts';
import { setupDestination } from '../payments/setup-destination.ts';
import { STATUS_PAGE_PATH } from './status-page.ts';

function refusal(c: Context, status: 400 | 404, text: string) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Card not saved</title></head><body><main><h1>We could not confirm this card</h1><p>${text}</p></main></body></html>`,
    status,
  );
}

export function flexReturnRoutes(ctx: AppContext, options: { limitPerMinute?: number } = {}) {
  const app = new Hono();
  app.use(perAddressLimit({ limit: options.limitPerMinute ?? ctx.config.feedbackRateLimitPerMinute ?? 600 }));

  app.get('/', async (c) => {
    const pairs = [...new URL(c.req.url).searchParams.entries()];
    try {
      const outcome = await handleSetupReturn(ctx, pairs, c.req.raw, clientAddress(c));
      c.header('Cache-Control', 'no-store');
      if (outcome.kind === 'challenge') return c.redirect(outcome.url, 303);
      const statusPage = `${ctx.config.publicUrl}${STATUS_PAGE_PATH}/${encodeURIComponent(outcome.reference)}`;
      return c.redirect(setupDestination(outcome.session, outcome.reference, outcome.kind, statusPage), 303);
    } catch (error) {
      if (isPaymentError(error) && error.kind === 'invalid') return refusal(c, 400, 'The signature of this result is not valid.');
      if (isPaymentError(error) && error.kind === 'not_found')
        return refusal(c, 404, 'This result does not belong to a card setup of this shop.');
      throw error;
    }
  });

  return app;
}
