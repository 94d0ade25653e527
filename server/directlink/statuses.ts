/**
 * What a DirectLink answer means for the caller: is the STATUS final, does it need a later
 * query (or a feedback), may the order be retried — and the NCERROR codes worth naming.
 *
 * Sources: docs/ogone-protocol.md §8 — DirectLink guide v4.3.3 §3.3 (51 offline, 52/92
 * uncertain: "the customer should not retry"), §4.3 (maintenance is offline: 91, 61; 92/62
 * uncertain), §5.3 (88: the query itself failed). The per-status table lives in
 * `shared/status.ts` (`UNRESOLVED_STATUSES` are the statuses the reconciler queries), the NCERROR
 * codes in `shared/ncerror.ts` (`NCERROR`).
 */
import { NCERROR, ncStatusOf } from '../../shared/ncerror.ts';
import { statusInfo } from '../../shared/status.ts';
import type { DirectLinkResult } from './response.ts';

export const AWAITING_AUTHENTICATION = 46;
/** querydirect only: the query failed, the payment's status is still unknown. */
export const QUERY_FAILED = 88;

/**
 * NCSTATUS 2 statuses (guide §3.3, §4.3): a technical problem, result unpredictable — never
 * retried, always queried. Exported so the ledger (server/domain/ledger.ts) names them instead of copying them.
 */
export const UNCERTAIN_STATUSES: ReadonlySet<number> = new Set([52, 62, 72, 82, 92]);

/**
 * - `final`: nothing more will happen without a new request (5, 9, 0, 2, 93, 6, 8…).
 * - `awaiting-authentication`: 46, the shopper must pass 3-D Secure; the result comes by feedback.
 * - `pending`: processed offline (51, 91, 61, 81, 41, 99…): a feedback or a query will tell.
 * - `uncertain`: 52, 92, 62, 82…: may have succeeded; never retry, query later.
 * - `query-failed`: 88, the query did not work; ask again later.
 * - `unknown`: a code we do not know; treated like `pending`.
 */
export type StatusResolution = 'final' | 'awaiting-authentication' | 'pending' | 'uncertain' | 'query-failed' | 'unknown';

export function statusResolution(status: number): StatusResolution {
  if (status === AWAITING_AUTHENTICATION) return 'awaiting-authentication';
  if (status === QUERY_FAILED) return 'query-failed';
  if (UNCERTAIN_STATUSES.has(status)) return 'uncertain';
  const info = statusInfo(status);
  if (info === undefined) return 'unknown';
  return info.unresolved ? 'pending' : 'final';
}

export function isFinalStatus(status: number): boolean {
  return statusResolution(status) === 'final';
}

/** The payment must be looked at again later (feedback or `querydirect`). */
export function needsQuery(status: number): boolean {
  return statusResolution(status) !== 'final';
}

/**
 * A new order may be sent again (with a new ORDERID) only after a final failure: 0 invalid,
 * 1 cancelled, 2 or 93 refused. After 51/52/92 "the customer should not retry" (guide §3.3):
 * the payment may already be accepted.
 */
export function orderMayBeRetried(status: number): boolean {
  return status === 0 || status === 1 || status === 2 || status === 93;
}

/** The order already existed and was processed: `payId` is the original payment's. */
export function isDuplicateOrder(result: Pick<DirectLinkResult, 'ncError'>): boolean {
  return result.ncError === NCERROR.DUPLICATE_ORDER;
}

/**
 * The platform refused the request itself (STATUS 0 with an NCERROR): nothing new happened to the
 * money. Mostly correctable input; for a duplicate ORDERID the original payment exists, see
 * `isDuplicateOrder`.
 */
export function isRejected(result: Pick<DirectLinkResult, 'status' | 'ncError'>): boolean {
  return result.status === 0 && result.ncError !== NCERROR.OK;
}

/**
 * What a `querydirect` answer says (docs/ogone-protocol.md §8). A query answer that carries a
 * STATUS is the payment's status, whatever its NCERROR: STATUS 2 with 30001001 is a decline,
 * 93 a refusal, 92 / 52 still uncertain (NCSTATUS 2) — they are answers, not failures
 * (DirectLink guide §5.2: "the STATUS field will contain the status of the transaction").
 * Only the query's own failures are failures: STATUS 88 (guide §5.3), the request refused for
 * its credentials or form (wrong password, unknown PSPID, IP not allowed, SHA mismatch, no
 * PAYID), and an order the platform does not know — told apart, because that one means the
 * order never reached the platform.
 */
export type QueryReading =
  | { readonly kind: 'answer'; readonly status: number; readonly resolution: StatusResolution }
  | { readonly kind: 'unknown-order'; readonly ncError: string }
  | { readonly kind: 'failed'; readonly ncError: string; readonly status: number };

/** NCERRORs that are about the query request itself, never about the payment. */
const QUERY_OWN_ERRORS: ReadonlySet<string> = new Set([
  NCERROR.DATA_VALIDATION,
  NCERROR.UNKNOWN_ORIGIN_IP,
  NCERROR.PSPID_NOT_FOUND,
  NCERROR.WRONG_PASSWORD,
  NCERROR.SHA_MISMATCH,
  NCERROR.HISTORY_ITEM_NOT_FOUND,
]);

export function readQueryAnswer(
  result: Pick<DirectLinkResult, 'status' | 'ncError'> & Partial<Pick<DirectLinkResult, 'payId'>>,
  /** The query named the order by ORDERID alone, and the client checked the answer names it. */
  askedByOrder = false,
): QueryReading {
  if (result.ncError === NCERROR.ORDER_NOT_FOUND) return { kind: 'unknown-order', ncError: result.ncError };
  // STATUS 0 with a 5xxxxxxx NCERROR (NCSTATUS 5, "invalid request") is the request refused too,
  // whichever code (50001117 "NO IP address origin" is not in the list): read as the payment's own
  // 0, it settled an uncertain payment as an error the platform never said (docs/ogone-protocol.md §8).
  // Except where only the order can have given it: asked by ORDERID, an answer carrying a PAYID
  // is the order found, and its STATUS 0 ("Invalid or incomplete") the order's own (DirectLink
  // guide §5.3; a refused request answers PAYID 0). Read as a refusal, the attempt stayed a draft
  // asked about every round (review r1170).
  const orderOwn = askedByOrder && result.payId !== undefined;
  const refused = result.status === 0 && ncStatusOf(result.ncError) === '5' && !orderOwn;
  if (result.status === QUERY_FAILED || refused || QUERY_OWN_ERRORS.has(result.ncError)) {
    return { kind: 'failed', ncError: result.ncError, status: result.status };
  }
  return { kind: 'answer', status: result.status, resolution: statusResolution(result.status) };
}

/**
 * A maintenance answer whose outcome is not known (docs/ogone-protocol.md §8): NCSTATUS 2 (a
 * 2xxxxxxx NCERROR, "we received an unknown status") or an uncertain STATUS (92, 82, 62, 72, 52).
 * Never a refusal: the platform may have done it, so it is never repeated and a query settles it.
 */
export function isUncertainAnswer(result: Pick<DirectLinkResult, 'status' | 'ncError' | 'ncStatus'>): boolean {
  if (UNCERTAIN_STATUSES.has(result.status)) return true;
  const ncStatus = result.ncStatus ?? ncStatusOf(result.ncError);
  return ncStatus === '2';
}
