/**
 * The hosted payment page flow: `orderstandard[_utf8].asp` validates the merchant's request and
 * shows the card page; the card page posts to `sandbox_pay.asp`, which authorises, sends the
 * feedback and redirects; 3-D Secure cards go through `sandbox_3ds.asp` first. A refused try
 * that is not the account's last keeps the shopper on the card page (tries.ts); a failed 3-D
 * Secure try comes back to it with a GET of `sandbox_pay.asp`.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { allowedOnPage } from '../allowed-cards.ts';
import { readRequestAmount } from '../amount.ts';
import { finishPayment, respond } from '../browser-result.ts';
import { behaviourOf, maskCardNumber, normalizeCardNumber } from '../cards.ts';
import { checkCard, checkSavedCard } from '../card-input.ts';
import { errorPage } from '../html/error-page.ts';
import { ncErrorMessage, NCERROR } from '../ncerrors.ts';
import { authorise, CANCELLED, effectiveOperation, WAITING_FOR_AUTHENTICATION } from '../outcomes.ts';
import { charsetOfPage, param, readParameters, type PageCharset } from '../params.ts';
import { alreadyProcessed, createPayment, creditDebitOf, returnUrlsOf, type NewPayment } from '../payments.ts';
import { clientIp, originOf } from '../request-info.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { generatedAliasName, newToken, type HostedCheckout, type StoredCard } from '../store.ts';
import { alreadyComplete, finishedCheckout } from './already-complete.ts';
import { renderCardForm } from './card-form.ts';
import { challengeRoutes } from './challenge.ts';
import { CHALLENGE_PAGE, HOSTED_PAGES, PAY_PAGE, pageUrl } from './pages.ts';
import { mayTryAgain, recordRefusedTry, triesLeft } from './tries.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { validateHostedRequest } from './validate.ts';

const EXPIRED = 'This payment page is no longer valid: start the payment again from the shop.';

export function hostedRoutes(runtime: SandboxRuntime): Hono {
  const app = new Hono();
  for (const page of [...HOSTED_PAGES, PAY_PAGE]) app.use(`/ncol/test/${page}`, noStore);
  for (const page of HOSTED_PAGES) {
    app.on(['GET', 'POST'], `/ncol/test/${page}`, (c) => openCheckout(c, runtime, charsetOfPage(page)));
  }
  app.post(`/ncol/test/${PAY_PAGE}`, (c) => pay(c, runtime));
  app.get(`/ncol/test/${PAY_PAGE}`, (c) => showAgain(c, runtime));
  app.route('/', challengeRoutes(runtime));
  return app;
}

async function openCheckout(c: Context, runtime: SandboxRuntime, charset: PageCharset): Promise<Response> {
  const params = await readParameters(c, charset);
  const validation = validateHostedRequest(params, runtime.options, charset);
  if (!validation.ok) return c.html(errorPage(validation.message), 400);
  // Back after the redirect to the shop, or the same order posted again: its page has ended.
  const finished = finishedCheckout(runtime, validation.request.orderId);
  if (finished) return alreadyComplete(c, runtime, finished);
  if (alreadyProcessed(runtime.store.paymentByOrderId(validation.request.orderId))) {
    return c.html(errorPage(PLATFORM_ERRORS.alreadyProcessed), 400);
  }
  const aliasName = param(params, 'ALIAS') || (param(params, 'ALIASOPERATION') === 'BYPSP' ? generatedAliasName() : '');
  const checkout: HostedCheckout = {
    token: newToken(),
    request: params,
    aliasName,
    language: validation.request.language,
    charset,
    createdAt: runtime.options.now(),
    completion: undefined,
    refusedTries: 0,
    lastRefusal: undefined,
  };
  runtime.store.addCheckout(checkout);
  return c.html(renderCardForm(runtime, originOf(c), checkout));
}

/**
 * The payment pages are never stored (`Cache-Control: no-store`, which also keeps them out of the
 * browser's back-forward cache): Back after the redirect to the shop asks the platform again and
 * gets "already complete" (already-complete.ts) instead of a card form restored with its fields.
 */
const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.get('content-type')?.startsWith('text/html') && !c.res.headers.has('cache-control')) {
    c.res.headers.set('Cache-Control', 'no-store');
  }
};

/** The card page again after a failed 3-D Secure try, with the reason and the tries left. */
function showAgain(c: Context, runtime: SandboxRuntime): Response | Promise<Response> {
  const checkout = runtime.store.checkout(c.req.query('TOKEN') ?? '');
  if (!checkout) return c.html(errorPage(EXPIRED), 404);
  if (checkout.completion) return checkout.completion.then((result) => respond(c, result));
  const refusal =
    checkout.lastRefusal === undefined ? undefined : { ncError: checkout.lastRefusal, triesLeft: triesLeft(runtime, checkout) };
  return c.html(renderCardForm(runtime, originOf(c), checkout, refusal ? { refusal } : {}));
}

async function pay(c: Context, runtime: SandboxRuntime): Promise<Response> {
  const form = await readParameters(c, 'utf-8');
  const checkout = runtime.store.checkout(param(form, 'TOKEN'));
  if (!checkout) return c.html(errorPage(EXPIRED), 404);
  // A second click on Pay (or Back then Pay) goes where the first one went: one payment only.
  if (checkout.completion) return respond(c, await checkout.completion);
  const request = checkout.request;
  const now = runtime.options.now();
  if (alreadyProcessed(runtime.store.paymentByOrderId(param(request, 'ORDERID')))) {
    return c.html(errorPage(PLATFORM_ERRORS.alreadyProcessed), 400);
  }
  const base = { ...paymentBase(checkout, clientIp(c)), checkoutToken: checkout.token };

  if (param(form, 'ACTION') === 'cancel') {
    const payment = createPayment(runtime, { ...base, card: undefined, alias: '', pendingAlias: undefined }, CANCELLED);
    checkout.completion = finishPayment(runtime, payment);
    return respond(c, await checkout.completion);
  }

  const consent = param(form, 'ALIAS_STORE') === 'Y';
  const rerender = (errors: Record<string, string>) =>
    c.html(
      renderCardForm(runtime, originOf(c), checkout, { values: { ED: param(form, 'ED'), CN: param(form, 'CN') }, errors, consent }),
      400,
    );

  const saved = checkout.aliasName ? runtime.store.alias(checkout.aliasName, now) : undefined;
  const useSaved = saved !== undefined && normalizeCardNumber(param(form, 'CARDNO')).toUpperCase() === saved.card.cardNo;
  let card: StoredCard;
  if (saved && useSaved) {
    // The saved number left as shown: the card is the alias's number and brand with the expiry
    // and holder as now typed — prefilled, the shopper may edit them, and an accepted payment
    // updates the alias with them (Alias Manager guide §3.1, "édition de détails pendant
    // l'usage"). They are checked as a typed card's are: an expiry left prefilled that has passed
    // since does not pay ([ALIAS] §2.5, remarque 1; review r1363).
    const checked = checkSavedCard({ ed: param(form, 'ED'), cvc: param(form, 'CVC'), cn: param(form, 'CN') }, saved.card, now, {
      cvcRequired: true,
      cnRequired: true,
      edRequired: true,
    });
    if (!checked.ok) return rerender(Object.fromEntries(checked.problems.map((p) => [p.field, p.message])));
    card = { ...saved.card, ed: checked.ed, cn: checked.cn };
  } else {
    const checked = checkCard(
      { cardNo: param(form, 'CARDNO'), ed: param(form, 'ED'), cvc: param(form, 'CVC'), cn: param(form, 'CN') },
      now,
      { cvcRequired: true, cnRequired: true },
    );
    if (!checked.ok) return rerender(Object.fromEntries(checked.problems.map((p) => [p.field, p.message])));
    if (checkout.aliasName === checked.card.digits) {
      return rerender({ CARDNO: `${ncErrorMessage(NCERROR.ALIAS_IS_CARD_NUMBER)} (the merchant's ALIAS is this card number).` });
    }
    const { digits, brand, ed, cn } = checked.card;
    card = { cardNo: maskCardNumber(digits), brand, ed, cn, behaviour: behaviourOf(digits) };
  }

  // A card the request excludes (EXCLPMLIST) or of another BRAND than the one sent: shown next to
  // the number, like a mistyped one, not counted as a refused try.
  if (!allowedOnPage(request, card.brand)) return rerender({ CARDNO: ncErrorMessage(NCERROR.CARD_INCOMPATIBLE) });

  // New card details for an existing alias update it (Alias Manager guide §3.1): the consent
  // was given when it was created. A new alias needs the box ticked. The saved card with an
  // edited expiry or holder is new card details too (review r1363).
  const keepsAlias = checkout.aliasName !== '' && (useSaved || saved !== undefined || consent);
  const edited = saved !== undefined && (card.ed !== saved.card.ed || card.cn !== saved.card.cn);
  const storing = keepsAlias && (!useSaved || edited);
  const init: NewPayment = {
    ...base,
    card,
    alias: keepsAlias ? checkout.aliasName : '',
    pendingAlias: storing
      ? { name: checkout.aliasName, usage: param(request, 'ALIASUSAGE'), persisted: param(request, 'ALIASPERSISTEDAFTERUSE') !== 'N' }
      : undefined,
  };
  if (card.behaviour === 'challenge') {
    const payment = createPayment(runtime, init, WAITING_FOR_AUTHENTICATION);
    payment.challengeToken = newToken();
    const location = `${pageUrl(originOf(c), CHALLENGE_PAGE)}?TOKEN=${payment.challengeToken}`;
    checkout.completion = Promise.resolve({ location });
    return c.redirect(location, 303);
  }
  const outcome = authorise(card.behaviour, init.operation);
  if (mayTryAgain(runtime, checkout, outcome)) {
    // Not the last try: the shopper stays here with the reason; nothing is sent yet.
    const left = recordRefusedTry(runtime, checkout, init, outcome);
    return c.html(
      renderCardForm(runtime, originOf(c), checkout, {
        values: { CN: param(form, 'CN') },
        consent,
        refusal: { ncError: outcome.ncError, triesLeft: left },
      }),
    );
  }
  const payment = createPayment(runtime, init, outcome);
  checkout.completion = finishPayment(runtime, payment);
  return respond(c, await checkout.completion);
}

function paymentBase(checkout: HostedCheckout, ip: string): Omit<NewPayment, 'card' | 'alias' | 'pendingAlias'> {
  const request = checkout.request;
  const currency = param(request, 'CURRENCY');
  return {
    orderId: param(request, 'ORDERID'),
    channel: 'e-commerce',
    // As received: the amount × 100 (validated on arrival), docs/ogone-protocol.md §2.
    amount: readRequestAmount(param(request, 'AMOUNT')) ?? 0,
    currency,
    operation: effectiveOperation(param(request, 'OPERATION')),
    eci: '7',
    ip,
    email: param(request, 'EMAIL'),
    language: checkout.language,
    comPlus: param(request, 'COMPLUS'),
    paramPlus: param(request, 'PARAMPLUS'),
    paramVar: param(request, 'PARAMVAR'),
    // A hidden field of the payment page's request ([ADV] §10.1.6).
    creditDebit: creditDebitOf(request),
    urls: returnUrlsOf(request),
    charset: checkout.charset,
  };
}
