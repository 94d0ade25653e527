/**
 * NCERROR, the platform's error code on every feedback and DirectLink answer: the codes our code
 * reacts to, by name, and what any code means (docs/ogone-protocol.md §7, §8). The one source of
 * these codes for the signer and the widget; the sandbox keeps its own list on purpose
 * (server/sandbox/ncerrors.ts, docs/facts.md).
 */
import { NCERROR_MESSAGES } from './ncerror-messages.ts';

/** The NCERROR codes our code reacts to (messages from the platform's list, NCERROR_MESSAGES). */
export const NCERROR = {
  /** No error: an accepted request (DirectLink guide §3.2). */
  OK: '0',
  /** Refused by the acquirer: a decline, STATUS 2 or 93 (docs/ogone-protocol.md §7). */
  REFUSED: '30001001',
  /**
   * Missing or invalid data, and an unknown alias (`Alias "…" not Found`, Alias Manager guide §3.5):
   * a Batch DELALIAS line answering it means the alias is already gone (docs/ogone-protocol.md §10).
   */
  DATA_VALIDATION: '50001111',
  /** Same ORDERID already processed: the answer carries the original PAYID, no second charge (DirectLink guide §3.4). */
  DUPLICATE_ORDER: '50001113',
  /** The calling IP is not allowed ("unknown order/1/i", docs/ogone-protocol.md §7). */
  UNKNOWN_ORIGIN_IP: '50001116',
  PSPID_NOT_FOUND: '50001118',
  /** Wrong API password (or the API user is locked after too many errors). */
  WRONG_PASSWORD: '50001119',
  /** A capture above what is left of the authorisation (DirectLink guide §4.1.2). */
  CAPTURE_OVERFLOW: '50001126',
  /** Maintenance on an order in the wrong status, e.g. a repeated capture (DirectLink guide §4.4). */
  WRONG_STATUS: '50001127',
  /** A refund above what was captured and not yet refunded (DirectLink guide §4.1.2). */
  REFUND_OVERFLOW: '50001129',
  /** "Error access to original order": the platform does not know the PAYID / ORDERID (docs/ogone-protocol.md §8). */
  ORDER_NOT_FOUND: '50001130',
  /** "Error access to original order / history level": no such PAYIDSUB. */
  HISTORY_ITEM_NOT_FOUND: '50001131',
  /** SHA-IN mismatch ("unknown order/1/s"; DirectLink guide §6.2.3). */
  SHA_MISMATCH: '50001184',
} as const;

export type NcErrorName = keyof typeof NCERROR;

/**
 * NCSTATUS, the first digit of NCERROR (DirectLink guide §3.2): "0" accepted, "2" uncertain,
 * "3" refused, "5" invalid request. Leading zeros do not count ("0020001001" is NCSTATUS 2).
 */
export function ncStatusOf(code: string): string {
  return code === NCERROR.OK ? '0' : code.replace(/^0+/, '').charAt(0);
}

export interface NcErrorExplanation {
  readonly code: string;
  /** The platform's message, or a generic one for codes the list does not know. */
  readonly message: string;
  /** Ogone's NCSTATUS: the first digit of the code (0 ok, 2 uncertain, 3 refused, 5 invalid request). */
  readonly category: 'ok' | 'uncertain' | 'refused' | 'invalid' | 'other';
  readonly known: boolean;
}

const CATEGORY: Readonly<Record<string, NcErrorExplanation['category']>> = {
  '0': 'ok',
  '2': 'uncertain',
  '3': 'refused',
  '5': 'invalid',
};

/**
 * Own properties only: the value is text from outside, and "toString" or "constructor" would find
 * Object.prototype's members, a function reported as a known code's message (review r1231).
 */
function messageOf(code: string): string | undefined {
  return Object.hasOwn(NCERROR_MESSAGES, code) ? NCERROR_MESSAGES[code] : undefined;
}

/** Explains an NCERROR value as a feedback or DirectLink carries it ("0", "30001001"). */
export function explainNcError(raw: string | number | null | undefined): NcErrorExplanation | undefined {
  if (raw === null || raw === undefined) return undefined;
  const code = String(raw).trim();
  if (code === '') return undefined;
  if (/^0+$/.test(code)) return { code: '0', message: 'No error', category: 'ok', known: true };
  const stripped = code.replace(/^0+/, '');
  const message = messageOf(code) ?? messageOf(stripped) ?? messageOf(stripped.padStart(10, '0'));
  const digit = stripped.length >= 8 ? stripped[0]! : '';
  const category = (Object.hasOwn(CATEGORY, digit) ? CATEGORY[digit] : undefined) ?? 'other';
  if (message !== undefined) return { code, message, category, known: true };
  return { code, message: `Unknown error code ${code}`, category, known: false };
}
