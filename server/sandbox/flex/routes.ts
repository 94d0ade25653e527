/**
 * FlexCheckout, the hosted tokenization page (docs/ogone-protocol.md §15): `/Tokenization/HostedPage`
 * (GET with the fields in the query string, as the guide's redirect and iframe integrations do,
 * or POST) checks the merchant's request and shows the card page; the page posts to the
 * sandbox's own `sandbox_save`, which checks the card's format only (guide §2: "No operation is
 * performed on the card"), stores the alias in the sandbox's alias store — where DirectLink
 * orders with ALIAS=… find it exactly like one saved during a payment, the card's test
 * behaviour included (a refused card is refused, a 3-D Secure card asks for authentication with
 * FLAG3D=Y, at the order) — and sends the browser with a 303 to PARAMETERS.ACCEPTURL (Alias.Status
 * 0 created, 2 updated) or PARAMETERS.EXCEPTIONURL (1 format error, 3 cancelled) with the Alias.*
 * and Card.* fields and SHASign. Nothing is sent server-to-server: FlexCheckout has no feedback.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { behaviourOf, maskCardNumber, normalizeCardNumber } from '../cards.ts';
import { checkCard, type CardField } from '../card-input.ts';
import { errorPage } from '../html/error-page.ts';
import { pageTexts } from '../html/locales/index.ts';
import { NCERROR } from '../ncerrors.ts';
import { param, readParameters } from '../params.ts';
import { originOf } from '../request-info.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { newToken, type FlexSession, type StoredCard } from '../store.ts';
import { flexPage } from './page.ts';
import { ALIAS_STATUS, FLEX_PAGE_PATH, FLEX_SAVE_PATH, flexShaOut, isFlexOutputField } from './protocol.ts';
import { validateFlexRequest } from './validate.ts';

/**
 * The hosted pages' policy (app.ts HOSTED_PAGE_CSP): no script, nothing loaded from elsewhere,
 * but a merchant may frame the page — FlexCheckout's second integration is an iframe (guide §3).
 */
export const FLEX_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors *";

/** ALIAS.STOREPERMANENTLY=N: "the alias will be deleted after 2 hours" (guide §3.1). */
const TEMPORARY_ALIAS_MS = 2 * 60 * 60 * 1000;

const EXPIRED = 'This page is no longer valid: start again from the shop.';

export function flexRoutes(runtime: SandboxRuntime): Hono {
  const app = new Hono();
  // Only its own paths: a sub-app's '*' middleware would reach every page of the parent app.
  app.use('/Tokenization/*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Content-Security-Policy', FLEX_PAGE_CSP);
  });
  app.on(['GET', 'POST'], FLEX_PAGE_PATH, (c) => open(c, runtime));
  app.post(FLEX_SAVE_PATH, (c) => save(c, runtime));
  return app;
}

async function open(c: Context, runtime: SandboxRuntime): Promise<Response> {
  const params = await readParameters(c, 'utf-8');
  const validation = validateFlexRequest(params, runtime.options);
  if (!validation.ok) return c.html(errorPage(validation.message), 400);
  const now = runtime.options.now();
  const session: FlexSession = {
    token: newToken(),
    request: params,
    language: param(params, 'LAYOUT.LANGUAGE') || 'en_US',
    createdAt: now,
    completion: undefined,
  };
  runtime.store.addFlexSession(session);
  const saved = runtime.store.alias(param(params, 'ALIAS.ALIASID'), now);
  return c.html(
    flexPage({
      action: `${originOf(c)}${FLEX_SAVE_PATH}`,
      token: session.token,
      merchantName: runtime.options.merchantName,
      orderId: param(params, 'ALIAS.ORDERID'),
      cardHolder: saved?.card.cn ?? '',
      texts: pageTexts(session.language),
    }),
  );
}

/** The per-field error codes of the return (guide §3.3), "0" when the field is fine. */
type FieldErrors = Record<CardField, string>;
const NO_ERRORS: FieldErrors = { CARDNO: '0', CN: '0', CVC: '0', ED: '0' };

interface Result {
  readonly status: string;
  readonly aliasId: string;
  readonly errors: FieldErrors;
  readonly card?: { readonly bin: string; readonly stored: StoredCard };
}

async function save(c: Context, runtime: SandboxRuntime): Promise<Response> {
  const form = await readParameters(c, 'utf-8');
  const session = runtime.store.flexSession(param(form, 'TOKEN'));
  if (!session) return c.html(errorPage(EXPIRED), 404);
  // A second click (or Back then Save) goes where the first went: one alias only.
  if (session.completion) return c.redirect(session.completion, 303);
  const result =
    param(form, 'ACTION') === 'cancel'
      ? { status: ALIAS_STATUS.CANCELLED, aliasId: param(session.request, 'ALIAS.ALIASID'), errors: NO_ERRORS }
      : tokenize(runtime, session, form);
  const request = session.request;
  const url =
    result.status === ALIAS_STATUS.OK || result.status === ALIAS_STATUS.UPDATED
      ? param(request, 'PARAMETERS.ACCEPTURL')
      : param(request, 'PARAMETERS.EXCEPTIONURL');
  session.completion = withFields(url, returnFields(runtime, session, result));
  return c.redirect(session.completion, 303);
}

function tokenize(runtime: SandboxRuntime, session: FlexSession, form: Record<string, string>): Result {
  const request = session.request;
  const now = runtime.options.now();
  const requested = param(request, 'ALIAS.ALIASID');
  const errors: FieldErrors = { ...NO_ERRORS };
  const checked = checkCard({ cardNo: param(form, 'CARDNO'), ed: param(form, 'ED'), cvc: param(form, 'CVC'), cn: param(form, 'CN') }, now, {
    cvcRequired: true,
    cnRequired: true,
  });
  if (!checked.ok) {
    for (const problem of checked.problems) if (errors[problem.field] === '0') errors[problem.field] = problem.ncError;
    return { status: ALIAS_STATUS.NOT_OK, aliasId: requested, errors };
  }
  const { digits, brand, ed, cn } = checked.card;
  const wantedBrand = param(request, 'CARD.BRAND');
  if (wantedBrand !== '' && wantedBrand.toUpperCase() !== brand.toUpperCase()) errors.CARDNO = NCERROR.UNKNOWN_CARD_TYPE;
  // An alias equal to the card number is refused (docs/ogone-protocol.md §10).
  if (requested !== '' && normalizeCardNumber(requested) === digits) errors.CARDNO = NCERROR.ALIAS_IS_CARD_NUMBER;
  if (errors.CARDNO !== '0') return { status: ALIAS_STATUS.NOT_OK, aliasId: requested, errors };

  // "If left empty, a customer alias will be automatically created" (guide §3.1); the platform's
  // look like GUIDs in the returns merchants have published.
  const aliasId = requested || randomUUID().toUpperCase();
  const stored: StoredCard = { cardNo: maskCardNumber(digits), brand, ed, cn, behaviour: behaviourOf(digits) };
  const permanent = param(request, 'ALIAS.STOREPERMANENTLY') === 'Y';
  const expiresAt = permanent ? undefined : new Date(now.getTime() + TEMPORARY_ALIAS_MS);
  const existing = runtime.store.alias(aliasId, now);
  if (existing) {
    existing.card = stored;
    existing.status = 'Active';
    existing.updatedAt = now;
    existing.expiresAt = expiresAt;
  } else {
    runtime.store.saveAlias({ alias: aliasId, card: stored, status: 'Active', usage: '', createdAt: now, updatedAt: now, expiresAt });
  }
  return { status: existing ? ALIAS_STATUS.UPDATED : ALIAS_STATUS.OK, aliasId, errors, card: { bin: digits.slice(0, 6), stored } };
}

/**
 * The return's fields in the order the platform sends them (guide §3.3), then the
 * PARAMETERS.PARAMPLUS pairs as their own fields (outside SHA-OUT; one named like an output field
 * is dropped), then SHASign (guide §3.4).
 */
function returnFields(runtime: SandboxRuntime, session: FlexSession, result: Result): Array<[string, string]> {
  const request = session.request;
  const card = result.card?.stored;
  const firstError = (['CARDNO', 'CN', 'CVC', 'ED'] as const).map((field) => result.errors[field]).find((code) => code !== '0') ?? '0';
  const fields: Array<[string, string]> = [
    ['Alias.AliasId', result.aliasId],
    ['Card.Bin', result.card?.bin ?? ''],
    ['Card.Brand', card?.brand ?? ''],
    ['Card.CardNumber', card?.cardNo ?? ''],
    ['Card.CardHolderName', card?.cn ?? ''],
    ['Card.Cvc', card ? 'XXX' : ''],
    ['Card.ExpiryDate', card?.ed ?? ''],
    ['Alias.NCError', firstError],
    ['Alias.NCErrorCardNo', result.errors.CARDNO],
    ['Alias.NCErrorCN', result.errors.CN],
    ['Alias.NCErrorCVC', result.errors.CVC],
    ['Alias.NCErrorED', result.errors.ED],
    ['Alias.OrderId', param(request, 'ALIAS.ORDERID')],
    ['Alias.Status', result.status],
    ['Alias.StorePermanently', param(request, 'ALIAS.STOREPERMANENTLY') === 'Y' ? 'Y' : 'N'],
  ];
  const signed = flexShaOut(fields, { passphrase: runtime.options.shaOut, algorithm: runtime.options.hashAlgorithm });
  for (const [name, value] of new URLSearchParams(param(request, 'PARAMETERS.PARAMPLUS'))) {
    if (!isFlexOutputField(name) && name.toUpperCase() !== 'SHASIGN') fields.push([name, value]);
  }
  fields.push(['SHASign', signed]);
  return fields;
}

function withFields(url: string, fields: ReadonlyArray<readonly [string, string]>): string {
  const target = new URL(url);
  for (const [name, value] of fields) target.searchParams.append(name, value);
  return target.toString();
}
