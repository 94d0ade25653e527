/** The attribute sets of DirectLink answers, built from a payment or from an error. */
import { answerAmount, readRequestAmount } from '../amount.ts';
import { PLATFORM_ERRORS } from '../platform-errors.ts';
import { ncErrorMessage, ncStatus, NCERROR } from '../ncerrors.ts';
import { returnedCreditDebit } from '../payments.ts';
import type { Payment } from '../store.ts';
import type { Attributes } from './xml.ts';

/** NCERRORPLUS: "!" when all is well (ActiveMerchant fixtures), the platform's message otherwise. */
export function ncErrorPlus(ncError: string): string {
  return ncError === '0' ? '!' : ncErrorMessage(ncError);
}

/** A new order's answer (DirectLink guide §3.2, with the check attributes seen in real replies). */
export function orderAttributes(payment: Payment): Attributes {
  const list: Array<[string, string]> = [
    ['orderID', payment.orderId],
    ['PAYID', payment.payId],
    ['NCSTATUS', ncStatus(payment.ncError)],
    ['NCERROR', payment.ncError],
    ['NCERRORPLUS', ncErrorPlus(payment.ncError)],
    ['ACCEPTANCE', payment.acceptance],
    ['STATUS', String(payment.status)],
    ['IPCTY', '99'],
    ['CCCTY', '99'],
    ['ECI', payment.eci],
    ['CVCCheck', 'NO'],
    ['AAVCheck', 'NO'],
    ['VC', 'NO'],
    ['amount', answerAmount(payment.amount)],
    ['currency', payment.currency],
    ['PM', payment.pm],
    ['BRAND', payment.card?.brand ?? ''],
  ];
  if (payment.alias !== '') list.push(['ALIAS', payment.alias]);
  // "CREDIT" / "DEBIT" for an order sent with CREDITDEBIT C / D and accepted ([DL] §3.1.5).
  const creditDebit = returnedCreditDebit(payment);
  if (creditDebit !== '') list.push(['CREDITDEBIT', creditDebit]);
  return list;
}

/**
 * An answer to a request the platform refused before any payment: STATUS 0, PAYID 0
 * (ActiveMerchant's fixture: NCSTATUS="5" NCERROR="50001111" NCERRORPLUS=" no orderid").
 */
export function refusalAttributes(
  echo: { orderId: string; amount: string; currency: string },
  ncError: string,
  plus: string,
  status = '0',
  payId = '0',
  acceptance = '',
): Attributes {
  return [
    ['orderID', echo.orderId],
    ['PAYID', payId],
    ['NCSTATUS', ncStatus(ncError)],
    ['NCERROR', ncError],
    ['NCERRORPLUS', plus],
    ['ACCEPTANCE', acceptance],
    ['STATUS', status],
    ['amount', echo.amount],
    ['currency', echo.currency],
  ];
}

/** " no orderid": the platform's text for a missing mandatory field (leading space included). */
export function missing(name: string): string {
  return ` no ${name.toLowerCase()}`;
}

/** " currency too long": the hosted page's text for a value too long, written as `missing`'s. */
export function tooLong(name: string): string {
  return ` ${PLATFORM_ERRORS.tooLong(name)}`;
}

/**
 * The amount as sent (× 100) shown in major units when it is a valid AMOUNT, else as received.
 * The currency plays no part: AMOUNT is the amount × 100 for every currency (docs/ogone-protocol.md §2).
 */
export function echoAmount(amount: string): string {
  const hundredths = readRequestAmount(amount);
  return hundredths === undefined ? amount : answerAmount(hundredths);
}

/**
 * The payment a maintenance or query request names: by PAYID when given, else by ORDERID (its
 * latest payment). Refusals as the platform answers them: no identifier, or no such order.
 */
export function findPayment(
  store: { payment(payId: string): Payment | undefined; paymentByOrderId(orderId: string): Payment | undefined },
  payId: string,
  orderId: string,
): { payment: Payment } | { ncError: string; ncErrorPlus?: string } {
  if (payId === '' && orderId === '') return { ncError: NCERROR.DATA_VALIDATION, ncErrorPlus: missing('PAYID') };
  const payment = payId !== '' ? store.payment(payId) : store.paymentByOrderId(orderId);
  return payment ? { payment } : { ncError: NCERROR.ORDER_NOT_FOUND };
}
