/**
 * `/payment/ogone/return` (GET and POST) — Ogone's feedback, from the shopper's browser and from
 * Ogone's server. An HTTP adapter: it reads the parameters, hands them to feedback/process.ts and
 * answers as the caller expects (feedback/channel.ts): a browser gets a 303 to the shop's success
 * or failure URL or our status page (feedback/destination.ts), Ogone gets `200 OK` (anything else
 * makes it retry).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../app-context.ts';
import { shopperDestination } from '../feedback/destination.ts';
import { detectChannel, type FeedbackCaller } from '../feedback/index.ts';
import { processFeedback } from '../maintenance/index.ts';
import { MalformedParamsError, readFormParams, RepeatedParameterError } from '../http/form-params.ts';
import { STATUS_PAGE_PATH } from './status-page.ts';

function refusal(c: Context, channel: FeedbackCaller, status: 400 | 403 | 404, text: string) {
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
      if (error instanceof RepeatedParameterError)
        ctx.logger.warn({ channel, parameter: error.parameter }, 'feedback refused: a parameter is given more than once');
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
      case 'processed': {
        if (channel === 'server') return c.text('OK', 200);
        c.header('Cache-Control', 'no-store');
        const statusPage = `${ctx.config.publicUrl}${STATUS_PAGE_PATH}/${encodeURIComponent(result.transaction.reference)}`;
        return c.redirect(await shopperDestination(ctx, result.transaction, result.result.mismatch, statusPage), 303);
      }
    }
  });

  return app;
}
