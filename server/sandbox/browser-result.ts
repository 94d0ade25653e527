/**
 * The end of a shopper-facing payment (hosted page, 3-D Secure): the server-to-server feedback
 * goes first (the shopper waits for it, "online"), then the browser is sent with a 303 to the
 * return URL for the result with the same parameters in the query string — or shown the
 * platform's own result page when the merchant gave no URL.
 */
import type { Context } from 'hono';
import { feedbackParameters, withParameters } from './feedback/parameters.ts';
import { resultPage } from './html/result-page.ts';
import { resultKind, returnUrl } from './payments.ts';
import type { SandboxRuntime } from './runtime.ts';
import type { BrowserResult, Payment } from './store.ts';

export async function finishPayment(runtime: SandboxRuntime, payment: Payment): Promise<BrowserResult> {
  const delivery = await runtime.sender.send(payment, 'payment');
  const parameters = delivery?.parameters ?? feedbackParameters(payment, runtime.options);
  const kind = resultKind(payment.status);
  const url = returnUrl(payment.urls, kind);
  if (url !== undefined) return { location: withParameters(url, parameters, payment.charset) };
  return { page: resultPage(kind, parameters), status: 200 };
}

export function respond(c: Context, result: BrowserResult): Response {
  if ('location' in result) return c.redirect(result.location, 303);
  return c.html(result.page, result.status as 200);
}
