/**
 * DirectLink new order (`orderdirect[_utf8].asp`): card data or ALIAS, OPERATION RES / SAL,
 * ECI, 3-D Secure with FLAG3D=Y (STATUS 46 + base64 HTML_ANSWER leading to the sandbox's
 * challenge page, the result then arriving through the e-Commerce feedback — DirectLink 3-D
 * guide), duplicate ORDERID → STATUS 0 / 50001113 with the original PAYID and ACCEPTANCE
 * (DirectLink guide §3.4), unknown alias → 50001111 `Alias "…" not Found` (Alias Manager §3.5),
 * CN or ED sent with ALIAS alone → checked like a typed card's, the alias updated once accepted
 * (Alias Manager §3.2); an alias whose card has expired → 50001183 (Alias Manager §2.5);
 * WITHROOT=Y → the answer inside a root element (DirectLink guide §3.1.2, xml.ts).
 */
import type { Context } from 'hono';
import { isCurrency } from '../../../shared/money.ts';
import { OGONE_LANGUAGES } from '../../../shared/languages.ts';
import { excludedByList } from '../allowed-cards.ts';
import { behaviourOf, maskCardNumber } from '../cards.ts';
import { checkCard, checkSavedCard } from '../card-input.ts';
import { challengeRedirectForm } from '../html/challenge-page.ts';
import { CHALLENGE_PAGE, pageUrl } from '../hosted/pages.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { ncErrorMessage, NCERROR } from '../ncerrors.ts';
import { authorise, effectiveOperation, WAITING_FOR_AUTHENTICATION } from '../outcomes.ts';
import { param, readParameters, type PageCharset, type RequestParameters } from '../params.ts';
import { alreadyProcessed, createPayment, creditDebitOf, returnUrlsOf, type NewPayment } from '../payments.ts';
import { clientIp, originOf } from '../request-info.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { generatedAliasName, newToken, type PendingAlias, type StoredCard } from '../store.ts';
import { readRequestAmount } from '../amount.ts';
import { echoAmount, missing, orderAttributes, refusalAttributes, tooLong } from './answer.ts';
import { MAX_LENGTHS } from '../hosted/validate.ts';
import { authenticate } from './auth.ts';
import { ncresponse, withRootElement, xmlResponse } from './xml.ts';

/** ECI values a merchant may send (DirectLink guide §3.1.2); 5 and 6 are set by the platform. */
const ECI_VALUES = new Set(['0', '1', '2', '3', '4', '7', '9']);
/** Recurring / merchant-initiated: no shopper to type a CVC. */
const NO_CVC_ECI = new Set(['2', '9']);

export async function newOrder(c: Context, runtime: SandboxRuntime, charset: PageCharset): Promise<Response> {
  const params = await readParameters(c, charset, 'directlink');
  // WITHROOT=Y wraps every answer of the page, refusals included: the parameter is read with the
  // rest of the request, before any check ("Possible values: 'Y' or empty", §3.1.2).
  const rooted = param(params, 'WITHROOT') === 'Y';
  const answer = (xml: string) => xmlResponse(c, rooted ? withRootElement(xml) : xml, charset);
  const echo = {
    orderId: param(params, 'ORDERID'),
    amount: echoAmount(param(params, 'AMOUNT')),
    currency: param(params, 'CURRENCY'),
  };
  const refuse = (ncError: string, plus = ncErrorMessage(ncError)) => answer(ncresponse(refusalAttributes(echo, ncError, plus)));

  // "ORDERID is the first field we check, so if you receive the error 'no ORDERID', it can also
  // mean we did not receive any values at all" (DirectLink guide §7): before the credentials.
  const orderId = param(params, 'ORDERID');
  if (orderId === '') return refuse(NCERROR.DATA_VALIDATION, missing('ORDERID'));
  const auth = authenticate(params, runtime.options, charset);
  if (!auth.ok) return refuse(auth.ncError, auth.ncErrorPlus);

  // 40: the DirectLink guide's "Request a new order" format, on purpose not shared/order-id.ts (docs/facts.md).
  if (orderId.length > 40) return refuse(NCERROR.DATA_VALIDATION, tooLong('ORDERID'));
  const amount = param(params, 'AMOUNT');
  if (amount === '') return refuse(NCERROR.DATA_VALIDATION, missing('AMOUNT'));
  // The amount × 100 for every currency, digits only, at most 15 (DirectLink guide §3.1.2).
  const hundredths = readRequestAmount(amount);
  // NCERRORPLUS: the DirectLink guide's §7 texts, the same as the hosted page's.
  if (hundredths === undefined) return refuse(NCERROR.AMOUNT_NOT_A_NUMBER, PLATFORM_ERRORS.amount(amount));
  const currency = param(params, 'CURRENCY');
  if (currency === '') return refuse(NCERROR.DATA_VALIDATION, missing('CURRENCY'));
  // "<parameter> too long (for instance: CURRENCY too long)" (§7): the ISO alpha code is 3 letters.
  if (currency.length > 3) return refuse(NCERROR.DATA_VALIDATION, tooLong('CURRENCY'));
  if (!isCurrency(currency)) return refuse(NCERROR.INVALID_CURRENCY_CODE, PLATFORM_ERRORS.currency(currency));
  // The same formats as the hosted page's (review r1090: an EMAIL of 51 was charged here); CN is
  // the card's, refused with its own NCERROR by the card checks below (typed card or ALIAS).
  for (const [name, max] of MAX_LENGTHS)
    if (name !== 'CN' && param(params, name).length > max) return refuse(NCERROR.DATA_VALIDATION, tooLong(name));
  const requestedOperation = param(params, 'OPERATION');
  // RFD here is an unreferenced credit, which needs the acquirer's consent (DirectLink guide).
  if (requestedOperation !== '' && !['RES', 'SAL', 'PAU'].includes(requestedOperation)) return refuse(NCERROR.OPERATION_NOT_ALLOWED);
  const eci = param(params, 'ECI') || '7';
  if (!ECI_VALUES.has(eci)) return refuse(NCERROR.ECI_INVALID);

  const previous = runtime.store.paymentByOrderId(orderId);
  if (alreadyProcessed(previous)) {
    return answer(
      ncresponse(
        refusalAttributes(
          echo,
          NCERROR.ALREADY_PROCESSED,
          ncErrorMessage(NCERROR.ALREADY_PROCESSED),
          '0',
          previous.payId,
          previous.acceptance,
        ),
      ),
    );
  }

  const now = runtime.options.now();
  const aliasName = param(params, 'ALIAS') || (param(params, 'ALIASOPERATION') === 'BYPSP' ? generatedAliasName() : '');
  let card: StoredCard;
  let pendingAlias: PendingAlias | undefined;
  // What the alias becomes once the payment's result is known (payments.ts settleAlias).
  const aliasChange: PendingAlias = {
    name: aliasName,
    usage: param(params, 'ALIASUSAGE'),
    persisted: param(params, 'ALIASPERSISTEDAFTERUSE') !== 'N',
  };
  if (param(params, 'CARDNO') === '') {
    if (aliasName === '') return refuse(NCERROR.CARDNO_EMPTY);
    const saved = runtime.store.alias(aliasName, now);
    if (!saved) return refuse(NCERROR.DATA_VALIDATION, `Alias "${aliasName}" not Found`);
    // A new name or expiry date sent with ALIAS updates the alias once the payment is accepted
    // (Alias Manager guide §3.2, "édition de détails pendant l'usage"): checked like a typed card's
    // (an impossible or past ED, a CN over 35 → STATUS 0 with its 500… NCERROR, DirectLink guide
    // §3.3), and without an ED the stored one must not have passed (Alias Manager guide §2.5,
    // remarque 1): refused, the alias left as it was (review r1363).
    const cn = param(params, 'CN').trim();
    const ed = param(params, 'ED').trim();
    const checked = checkSavedCard({ ed, cn, cvc: '' }, saved.card, now, { cvcRequired: false, cnRequired: false, edRequired: false });
    if (!checked.ok) return refuse(checked.problems[0]!.ncError);
    card = { ...saved.card, ed: checked.ed, cn: checked.cn };
    // A temporary alias (created with "N") used within its two hours is kept for good unless the
    // transaction sends N too, which starts its two hours again as with CN or ED (Ingenico's
    // Alias Gateway guide, step 1, §3.1, the ALIASPERSISTEDAFTERUSE note; review r890).
    if (cn !== '' || ed !== '' || saved.expiresAt) pendingAlias = aliasChange;
  } else {
    const checked = checkCard(
      {
        cardNo: param(params, 'CARDNO'),
        ed: param(params, 'ED'),
        cvc: param(params, 'CVC') || param(params, 'ECOM_PAYMENT_CARD_VERIFICATION'),
        cn: param(params, 'CN'),
      },
      now,
      { cvcRequired: !NO_CVC_ECI.has(eci), cnRequired: false },
    );
    // NCERRORPLUS carries the platform's message for the code (the page shows friendlier words).
    if (!checked.ok) return refuse(checked.problems[0]!.ncError);
    if (aliasName === checked.card.digits) return refuse(NCERROR.ALIAS_IS_CARD_NUMBER);
    const { digits, brand, ed, cn } = checked.card;
    card = { cardNo: maskCardNumber(digits), brand, ed, cn, behaviour: behaviourOf(digits) };
    if (aliasName !== '') pendingAlias = aliasChange;
  }

  if (excludedByList(params, card.brand)) return refuse(NCERROR.CARD_INCOMPATIBLE);

  const init = {
    ...orderInit(params, { orderId, amount: hundredths, currency, eci, card, aliasName, pendingAlias, ip: clientIp(c) }),
    charset,
  };
  if (param(params, 'FLAG3D') === 'Y' && card.behaviour === 'challenge') {
    const payment = createPayment(runtime, init, WAITING_FOR_AUTHENTICATION);
    payment.challengeToken = newToken();
    const form = challengeRedirectForm(pageUrl(originOf(c), CHALLENGE_PAGE), payment.challengeToken);
    return answer(ncresponse(orderAttributes(payment), Buffer.from(form, 'utf8').toString('base64')));
  }
  const payment = createPayment(runtime, init, authorise(card.behaviour, init.operation));
  return answer(ncresponse(orderAttributes(payment)));
}

function orderInit(
  params: RequestParameters,
  order: {
    orderId: string;
    amount: number;
    currency: string;
    eci: string;
    card: StoredCard;
    aliasName: string;
    pendingAlias: PendingAlias | undefined;
    ip: string;
  },
): NewPayment {
  const remoteAddr = param(params, 'REMOTE_ADDR');
  const language = param(params, 'LANGUAGE');
  return {
    orderId: order.orderId,
    channel: 'directlink',
    amount: order.amount,
    currency: order.currency,
    operation: effectiveOperation(param(params, 'OPERATION')),
    card: order.card,
    eci: order.eci,
    // REMOTE_ADDR is the shopper's IP in a 2-tier integration ("NONE": no check wanted).
    ip: remoteAddr !== '' && remoteAddr !== 'NONE' ? remoteAddr : order.ip,
    email: param(params, 'EMAIL'),
    language: (OGONE_LANGUAGES as readonly string[]).includes(language) ? language : 'en_US',
    comPlus: param(params, 'COMPLUS'),
    paramPlus: param(params, 'PARAMPLUS'),
    paramVar: param(params, 'PARAMVAR'),
    creditDebit: creditDebitOf(params),
    urls: returnUrlsOf(params),
    alias: order.aliasName,
    pendingAlias: order.pendingAlias,
    received: receivedParameters(params),
  };
}

/** Never kept: the card itself and the API user's secrets. */
const NOT_KEPT = new Set(['CARDNO', 'CVC', 'ECOM_PAYMENT_CARD_VERIFICATION', 'ED', 'PSWD', 'SHASIGN']);

/** The order's parameters as received, for the control API (tests read COF_*, CN, BROWSER* there). */
function receivedParameters(params: RequestParameters): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (!NOT_KEPT.has(name.toUpperCase())) kept[name.toUpperCase()] = value;
  return kept;
}
