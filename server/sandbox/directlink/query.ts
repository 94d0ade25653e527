/**
 * DirectLink query (`querydirect[_utf8].asp`): the current status of an order by PAYID (and
 * optionally PAYIDSUB, one history level) or ORDERID (its latest payment). The answer adds
 * PAYIDSUB, the masked CARDNO and IP, CREDITDEBIT when the order sent it (§3.1.5); for e-Commerce
 * orders also COMPLUS and the PARAMPLUS pairs (DirectLink guide §5.2). "The STATUS field will contain the status of the transaction"
 * (§5.3), with the NCERROR the transaction has: a declined order answers STATUS 2 and its
 * 3xxxxxxx error, an uncertain one 92 / 52 with NCSTATUS 2 — answers, not failures. Only the
 * query's own failures answer STATUS 88 (§5.3): credentials, no PAYID / ORDERID, no such history
 * level, and an order the platform does not know (50001130) — docs/ogone-protocol.md §8, §13.
 */
import type { Context } from 'hono';
import { answerAmount } from '../amount.ts';
import { ncErrorMessage, ncStatus, NCERROR } from '../ncerrors.ts';
import { param, paramPlusPairs, readParameters, type PageCharset } from '../params.ts';
import { returnedCreditDebit } from '../payments.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { findPayment, ncErrorPlus, refusalAttributes } from './answer.ts';
import { authenticate } from './auth.ts';
import { ncresponse, xmlResponse, type Attributes } from './xml.ts';

const QUERY_FAILED = '88';

export async function query(c: Context, runtime: SandboxRuntime, charset: PageCharset): Promise<Response> {
  const params = await readParameters(c, charset, 'directlink');
  const answer = (xml: string) => xmlResponse(c, xml, charset);
  const refuse = (ncError: string, plus = ncErrorMessage(ncError)) =>
    answer(
      ncresponse(
        refusalAttributes(
          { orderId: param(params, 'ORDERID'), amount: '', currency: '' },
          ncError,
          plus,
          QUERY_FAILED,
          param(params, 'PAYID') || '0',
        ),
      ),
    );

  const auth = authenticate(params, runtime.options, charset);
  if (!auth.ok) return refuse(auth.ncError, auth.ncErrorPlus);
  const found = findPayment(runtime.store, param(params, 'PAYID'), param(params, 'ORDERID'));
  if (!('payment' in found)) return refuse(found.ncError, found.ncErrorPlus);
  const payment = found.payment;

  const payIdSub = param(params, 'PAYIDSUB');
  const item = payIdSub === '' ? payment.history.at(-1) : payment.history.find((h) => String(h.payIdSub) === payIdSub);
  if (!item) return refuse(NCERROR.HISTORY_ITEM_NOT_FOUND);
  const level = payIdSub === '' ? { status: payment.status, ncError: payment.ncError, amount: payment.amount } : item;

  const attributes: Array<readonly [string, string]> = [
    ['orderID', payment.orderId],
    ['PAYID', payment.payId],
    ['PAYIDSUB', String(item.payIdSub)],
    ['NCSTATUS', ncStatus(level.ncError)],
    ['NCERROR', level.ncError],
    ['NCERRORPLUS', ncErrorPlus(level.ncError)],
    ['ACCEPTANCE', payment.acceptance],
    ['STATUS', String(level.status)],
    ['ECI', payment.eci],
    ['amount', answerAmount(level.amount)],
    ['currency', payment.currency],
    ['PM', payment.card ? payment.pm : ''],
    ['BRAND', payment.card?.brand ?? ''],
    ['CARDNO', payment.card?.cardNo ?? ''],
    ['IP', payment.ip],
  ];
  if (payment.alias !== '') attributes.push(['ALIAS', payment.alias]);
  // CREDITDEBIT "can be requested with a Direct Query" as "CREDIT" / "DEBIT" ([DL] §3.1.5).
  const creditDebit = returnedCreditDebit(payment);
  if (creditDebit !== '') attributes.push(['CREDITDEBIT', creditDebit]);
  if (payment.channel === 'e-commerce')
    attributes.push(...eCommerceExtras(payment.comPlus, payment.paramPlus, payment.charset, attributes));
  return answer(ncresponse(attributes));
}

/** COMPLUS and the PARAMPLUS pairs (as attributes; names that are not XML names are skipped). */
function eCommerceExtras(comPlus: string, paramPlus: string, charset: PageCharset, taken: Attributes): Attributes {
  const names = new Set(taken.map(([name]) => name.toUpperCase()));
  const extras: Array<readonly [string, string]> = [];
  if (comPlus !== '') extras.push(['COMPLUS', comPlus]);
  names.add('COMPLUS');
  for (const [name, value] of paramPlusPairs(paramPlus, charset)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name) || names.has(name.toUpperCase())) continue;
    names.add(name.toUpperCase());
    extras.push([name, value]);
  }
  return extras;
}
