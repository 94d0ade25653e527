/**
 * `/payment/status/:reference` — a localized page for shops without their own: the payment's
 * state, amount and, for a decline, the reason; it refreshes itself while the payment is pending.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatMoney } from '../../shared/money.ts';
import { explainNcError } from '../../shared/ncerror.ts';
import type { AppContext } from '../app-context.ts';
import { acceptedLanguages, pickStatusLanguage } from '../payments/status-messages.ts';

export const STATUS_PAGE_PATH = '/payment/status';
const REFRESH_SECONDS = 5;

export function statusPageRoutes(ctx: AppContext) {
  const app = new Hono();

  app.get('/:reference', async (c) => {
    const transaction = await ctx.repository.getTransaction(c.req.param('reference'));
    const { language, messages } = pickStatusLanguage([
      c.req.query('lang'),
      transaction?.locale,
      ...acceptedLanguages(c.req.header('accept-language')),
    ]);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Language', language);
    if (!transaction) {
      return c.html(
        html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>404</title></head><body><main><h1>404</h1><p>No payment with this reference.</p></main></body></html>`,
        404,
      );
    }
    const session = await ctx.repository.getSession(transaction.sessionId);
    const key = transaction.amountMismatch ? 'mismatch' : transaction.state;
    const waiting = !transaction.amountMismatch && (transaction.state === 'pending' || transaction.state === 'draft');
    const failed = ['declined', 'cancelled', 'error'].includes(transaction.state);
    const nc = failed ? explainNcError(transaction.ncError) : undefined;
    const back = failed ? session?.failureUrl : session?.successUrl;
    const amount = formatMoney(transaction.amount, transaction.currency, language);
    return c.html(html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${waiting ? html`<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : ''}
<title>${messages.title[key]} — ${ctx.config.merchantName}</title>
</head>
<body>
<main data-state="${transaction.state}" data-mismatch="${String(transaction.amountMismatch)}">
<h1>${messages.title[key]}</h1>
<p>${messages.detail[key]}</p>
<dl>
<dt>${messages.amount}</dt><dd>${amount}</dd>
<dt>${messages.reference}</dt><dd>${transaction.reference}</dd>
${nc && nc.code !== '0' ? html`<dt>${messages.reason}</dt><dd>${nc.message}</dd>` : ''}
</dl>
${waiting ? html`<p role="status">${messages.refreshing}</p>` : ''}
${back ? html`<p><a href="${back}">${messages.continue}</a></p>` : ''}
</main>
</body>
</html>`);
  });

  return app;
}
