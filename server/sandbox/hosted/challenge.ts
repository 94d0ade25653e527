/**
 * The 3-D Secure challenge (STATUS 46): reached by a 303 from the payment page, or by the
 * self-posting form of a DirectLink HTML_ANSWER. Approve → the authorisation (5 / 9, ECI 5);
 * fail → STATUS 2 with NCERROR 40001134. Then feedback and redirect like any payment — except a
 * failed try from the payment page that is not the account's last: the shopper goes back to the
 * card page to try again ("Authentication failed, please retry or cancel.", docs/ogone-protocol.md §13).
 */
import { Hono, type Context } from 'hono';
import { finishPayment, respond } from '../browser-result.ts';
import { challengePage } from '../html/challenge-page.ts';
import { errorPage } from '../html/error-page.ts';
import { authorise, AUTHENTICATION_FAILED } from '../outcomes.ts';
import { param, readParameters } from '../params.ts';
import { completeChallenge } from '../payments.ts';
import { originOf } from '../request-info.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { amountFor } from './card-form.ts';
import { CHALLENGE_PAGE, PAY_PAGE, pageUrl } from './pages.ts';
import { countRefusal, mayTryAgain } from './tries.ts';

const UNKNOWN = 'This authentication request is unknown or has expired.';

/** ECI the platform sets after a successful 3-D Secure authentication (SDK Eci.php: 5 = full). */
const AUTHENTICATED_ECI = '5';

export function challengeRoutes(runtime: SandboxRuntime): Hono {
  const app = new Hono();
  app.on(['GET', 'POST'], `/ncol/test/${CHALLENGE_PAGE}`, (c) => challenge(c, runtime));
  return app;
}

async function challenge(c: Context, runtime: SandboxRuntime): Promise<Response> {
  const form = await readParameters(c, 'utf-8');
  const payment = runtime.store.paymentByChallenge(param(form, 'TOKEN'));
  if (!payment || !payment.card) return c.html(errorPage(UNKNOWN), 404);
  if (payment.challengeResult) return respond(c, await payment.challengeResult);
  // Settled another way (control API): the challenge is over.
  if (payment.status !== 46) return c.html(errorPage(UNKNOWN), 404);
  const answer = c.req.method === 'POST' ? param(form, 'RESULT') : '';
  if (answer !== 'approve' && answer !== 'fail') {
    const amount = amountFor(payment.amount, payment.currency, payment.language);
    return c.html(
      challengePage({
        action: pageUrl(originOf(c), CHALLENGE_PAGE),
        token: param(form, 'TOKEN'),
        merchantName: runtime.options.merchantName,
        orderId: payment.orderId,
        amountText: amount.text,
        amountLang: amount.lang,
        cardNo: payment.card.cardNo,
        brand: payment.card.brand,
      }),
    );
  }
  const outcome = answer === 'approve' ? authorise(payment.card.behaviour, payment.operation) : AUTHENTICATION_FAILED;
  const checkout = payment.checkoutToken === undefined ? undefined : runtime.store.checkout(payment.checkoutToken);
  if (checkout && mayTryAgain(runtime, checkout, outcome)) {
    // Not the last try: no feedback, no alias; back to the card page with the reason.
    payment.pendingAlias = undefined;
    payment.alias = '';
    completeChallenge(runtime, payment, outcome, payment.eci);
    countRefusal(runtime, checkout, outcome);
    const location = `${pageUrl(originOf(c), PAY_PAGE)}?TOKEN=${encodeURIComponent(checkout.token)}`;
    payment.challengeResult = Promise.resolve({ location });
    return c.redirect(location, 303);
  }
  completeChallenge(runtime, payment, outcome, answer === 'approve' ? AUTHENTICATED_ECI : payment.eci);
  payment.challengeResult = finishPayment(runtime, payment);
  return respond(c, await payment.challengeResult);
}
