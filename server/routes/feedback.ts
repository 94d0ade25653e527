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
import { detectChannel, rawHeaderReader, type FeedbackCaller } from '../feedback/index.ts';
import { processFeedback } from '../maintenance/index.ts';
import { nodeIncoming } from '../http/body-text.ts';
import { MalformedParamsError, readFormParams, RepeatedParameterError, type FormParams } from '../http/form-params.ts';
import { acceptedLanguages, shopperText } from '../shopper-pages/languages.ts';
import { STATUS_PAGE_PATH } from './status-page.ts';

type Refusal = 'signature' | 'incomplete' | 'unknown';

/**
 * A refused result: Ogone's server gets the technical reason as text; a shopper's browser gets a
 * page in its language saying what to do, the technical reason only on the support line.
 */
function refusal(c: Context, channel: FeedbackCaller, status: 400 | 403 | 404, kind: Refusal, reason: string) {
  if (channel === 'server') return c.text(reason, status);
  const text = shopperText(acceptedLanguages(c.req.header('accept-language')));
  const words = text.unconfirmedResult;
  c.header('Content-Language', text.$code);
  return c.html(
    html`<!doctype html><html lang="${text.$code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${words.title}</title></head><body><main><h1>${words.title}</h1><p>${words[kind]}</p><p><small>${reason}</small></p></main></body></html>`,
    status,
  );
}

export function feedbackRoutes(ctx: AppContext) {
  const app = new Hono();

  app.on(['GET', 'POST'], '/', async (c) => {
    // Node's own header list when there is one: `c.req.raw.headers` would build a Headers object.
    const incoming = nodeIncoming(c);
    const channel = detectChannel(incoming ? rawHeaderReader(incoming.rawHeaders) : c.req.raw.headers);
    let read: FormParams;
    try {
      read = await readFormParams(c);
    } catch (error) {
      // A repeated name is refused before anything is read from the request (docs/ogone-protocol.md §3).
      if (error instanceof RepeatedParameterError)
        ctx.logger.warn({ channel, parameter: error.parameter }, 'feedback refused: a parameter is given more than once');
      if (error instanceof MalformedParamsError) return refusal(c, channel, 400, 'incomplete', error.message);
      throw error;
    }
    const result = await processFeedback(ctx, read.params, channel, { latin1: read.latin1 });
    switch (result.kind) {
      case 'rejected':
        return refusal(c, channel, 403, 'signature', 'The signature of this payment result is not valid.');
      case 'invalid':
        return refusal(c, channel, 400, 'incomplete', `The payment result is incomplete: ${result.message}`);
      case 'unknown-order':
        return refusal(c, channel, 404, 'unknown', 'No payment with this reference.');
      case 'processed': {
        if (channel === 'server') return c.text('OK', 200);
        c.header('Cache-Control', 'no-store');
        const statusPage = `${ctx.config.publicUrl}${STATUS_PAGE_PATH}/${encodeURIComponent(result.transaction.reference)}`;
        return c.redirect(
          await shopperDestination(result.transaction, result.session, result.result.mismatch, statusPage, ctx.clock.now(), ctx.repository),
          303,
        );
      }
    }
  });

  return app;
}
