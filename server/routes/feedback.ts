/**
 * `/payment/ogone/return` (GET and POST) — Ogone's feedback, from the shopper's browser and from
 * Ogone's server. See payments/process-feedback.ts for what happens and payments/channel.ts for
 * how the two callers are told apart: a browser gets a 303 to the shop's success or failure URL
 * (or our status page), Ogone gets `200 OK` (anything else makes it retry).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../app-context.ts';
import { MalformedParamsError, readFormParams, RepeatedParameterError } from '../http/form-params.ts';
import { detectChannel, type Channel } from '../feedback/channel.ts';
import { PAID_STATES } from '../feedback/decide.ts';
import { processFeedback } from '../feedback/process.ts';
import { withReference } from '../payments/shop-urls.ts';
import type { TransactionRecord } from '../repository/types.ts';
import { STATUS_PAGE_PATH } from './status-page.ts';

async function browserDestination(ctx: AppContext, transaction: TransactionRecord, mismatch: boolean): Promise<string> {
  const statusPage = `${ctx.config.publicUrl}${STATUS_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`;
  if (mismatch || transaction.amountMismatch) return statusPage;
  const session = await ctx.repository.getSession(transaction.sessionId);
  if (PAID_STATES.has(transaction.state) && session?.successUrl) return withReference(session.successUrl, transaction.reference);
  if (['declined', 'cancelled', 'error'].includes(transaction.state) && session?.failureUrl) {
    return withReference(session.failureUrl, transaction.reference);
  }
  return statusPage;
}

function refusal(c: Context, channel: Channel, status: 400 | 403 | 404, text: string) {
  if (channel === 'server') return c.text(text, status);
  return c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment result not confirmed</title></head><body><main><h1>We could not confirm this payment result</h1><p>${text}</p></main></body></html>`,
    status,
  );
}

export function feedbackRoutes(ctx: AppContext) {
  const app = new Hono();

  app.on(['GET', 'POST'], '/', async (c) => {
    const channel = detectChannel(c.req.raw.headers);
    let params: Record<string, string>;
    try {
      params = await readFormParams(c);
    } catch (error) {
      // A repeated name is refused before anything is read from the request (docs/ogone-protocol.md §3).
      if (error instanceof RepeatedParameterError) ctx.logger.warn({ channel, parameter: error.parameter }, 'feedback refused: a parameter is given more than once');
      if (error instanceof MalformedParamsError) return refusal(c, channel, 400, error.message);
      throw error;
    }
    const result = await processFeedback(ctx, params, channel);
    switch (result.kind) {
      case 'rejected':
        return refusal(c, channel, 403, 'The signature of this payment result is not valid.');
      case 'invalid':
        return refusal(c, channel, 400, `The payment result is incomplete: ${result.message}`);
      case 'unknown-order':
        return refusal(c, channel, 404, 'No payment with this reference.');
      case 'processed':
        if (channel === 'server') return c.text('OK', 200);
        c.header('Cache-Control', 'no-store');
        return c.redirect(await browserDestination(ctx, result.transaction, result.result.mismatch), 303);
    }
  });

  return app;
}
