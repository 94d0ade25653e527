/**
 * The NCERROR codes the sandbox answers with. Every code and its message come from the
 * official list (docs/ogone-protocol.md §7: Ingenico's own client library)
 * through `explainNcError`; the choice of code per situation is cited next to each one.
 */
import { explainNcError } from '../../shared/ncerror.ts';

// Its own codes, not shared/ncerror.ts's: the sandbox plays Ogone from the guides (test/server/sandbox/independent-facts.test.ts).
export const NCERROR = {
  OK: '0',
  /** Refused by the acquirer — the refused test card (first refusal code of the list). */
  REFUSED: '30001001',
  /** Cancel button on the payment page ("Payment method cancelled by the buyer"). */
  CANCELLED_BY_BUYER: '30171001',
  /** Payment uncertain (92): "We received an unknown status for the transaction…". */
  UNKNOWN_STATUS: '20001001',
  /** Authorisation not known (52): "No feedback from the bank server has been detected". */
  NO_BANK_FEEDBACK: '20002005',
  /** 3-D Secure challenge failed: "Authentication failed, please retry or cancel." */
  AUTHENTICATION_FAILED: '40001134',
  UNKNOWN_CARD_TYPE: '50001001',
  EXPIRY_DATE_ERROR: '50001005',
  AMOUNT_NOT_A_NUMBER: '50001006',
  INVALID_CURRENCY_CODE: '50001015',
  OPERATION_NOT_ALLOWED: '50001046',
  /** A card of a payment method or brand the request excludes (DirectLink guide §3.1.4; e-Commerce Advanced §10.1.3). */
  CARD_INCOMPATIBLE: '50001054',
  CVC_FORMAT_INVALID: '50001066',
  PAN_INVALID: '50001068',
  ECI_INVALID: '50001070',
  CVC_MISSING: '50001090',
  /** "Data validation error": missing fields (AM*'s " no orderid") and unknown alias (Alias Manager guide §3.5). */
  DATA_VALIDATION: '50001111',
  /** Same ORDERID already processed (DirectLink guide §3.4). */
  ALREADY_PROCESSED: '50001113',
  PSPID_NOT_FOUND: '50001118',
  PASSWORD_INCORRECT: '50001119',
  CAPTURE_OVERFLOW: '50001126',
  /** Maintenance on an order in the wrong status, e.g. repeated (DirectLink guide §4.4). */
  WRONG_STATUS: '50001127',
  REFUND_OVERFLOW: '50001129',
  ORDER_NOT_FOUND: '50001130',
  HISTORY_ITEM_NOT_FOUND: '50001131',
  CN_TOO_LONG: '50001174',
  CARDNO_TOO_LONG: '50001176',
  CARDNO_NOT_NUMERIC: '50001177',
  CARDNO_EMPTY: '50001178',
  CVC_TOO_LONG: '50001179',
  CVC_NOT_NUMERIC: '50001180',
  ED_NOT_NUMERIC: '50001181',
  ED_INVALID_MONTH: '50001182',
  ED_IN_THE_PAST: '50001183',
  /** SHA-IN mismatch in DirectLink (DirectLink guide, DCC error table). */
  SHA_MISMATCH: '50001184',
  ALIAS_IS_CARD_NUMBER: '50001216',
} as const;

export type NcErrorCode = (typeof NCERROR)[keyof typeof NCERROR];

/** The platform's message for a code ("Payment refused by the acquirer"). */
export function ncErrorMessage(code: string): string {
  return explainNcError(code)?.message ?? '';
}

/** NCSTATUS: the first digit of NCERROR (DirectLink guide §3.2). Its own copy, like NCERROR above. */
export function ncStatus(code: string): string {
  return code === '0' ? '0' : code.replace(/^0+/, '').charAt(0);
}
