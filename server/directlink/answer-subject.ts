/**
 * Whose answer a DirectLink answer is. Its own module: the client checks every answer with it, and
 * the sync (maintenance/sync.ts) checks the ORDERID a query by PAYID could not name, without
 * loading the client (and its XML parser) on the cold start.
 */
import type { DirectLinkResult } from './response.ts';

/** The order, payment and history level a request named (those it named). */
export interface AnswerSubject {
  orderId?: string | undefined;
  payId?: string | undefined;
  payIdSub?: number | undefined;
}

/**
 * What an answer is about when that is not what the request named: its orderID, PAYID or (for a
 * level query) PAYIDSUB differs. Undefined when it is ours or does not say. Such an answer —
 * a proxy or cache mixing answers up, a platform fault — must never settle our payment:
 * another order's STATUS 9 would mark ours paid and its PAYID replace ours. ORDERIDs are
 * compared without case, in case the platform answers them upper-cased.
 */
export function strangerAnswer(result: DirectLinkResult, asked: AnswerSubject): string | undefined {
  if (asked.orderId !== undefined && result.orderId !== undefined && result.orderId.toUpperCase() !== asked.orderId.toUpperCase())
    return `ORDERID ${result.orderId}, not ${asked.orderId}`;
  if (asked.payId !== undefined && result.payId !== undefined && result.payId !== asked.payId)
    return `PAYID ${result.payId}, not ${asked.payId}`;
  if (asked.payIdSub !== undefined && result.payIdSub !== undefined && result.payIdSub !== asked.payIdSub)
    return `history level ${result.payIdSub}, not ${asked.payIdSub}`;
  return undefined;
}
