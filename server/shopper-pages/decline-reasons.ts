/**
 * Why a payment failed, in terms a shopper can act on. NCERROR carries the platform's reason
 * (docs/ogone-protocol.md §7): its first digit says refused (3), uncertain/technical (2, 4) or
 * invalid data (5); the few codes below say more — no money, an expired card, a failed 3-D
 * Secure — and deserve their own words. The code itself is kept for a "details for support" line.
 */
import type { PaymentState } from '../../shared/status.ts';
import { explainNcError, ncStatusOf } from '../../shared/ncerror.ts';
import type { DeclineReason } from './locales/types.ts';

/** Codes with a reason of their own, from the platform's list (shared/ncerror-messages.ts). */
const BY_CODE: ReadonlyArray<readonly [DeclineReason, readonly string[]]> = [
  // "Insufficient funds.", "You have reached the total amount allowed", the usage limits.
  ['insufficient_funds', ['30511001', '30131002', '30001154', '30001155', '30001156']],
  // "Card expired." (twice in the list), "Expiry date error", an expiry date in the past.
  ['card_expired', ['30331001', '30541001', '50001005', '0050001005', '50001183']],
  // Card number, CVC or expiry rejected as typed (docs/ogone-protocol.md §7: 5… is invalid data).
  [
    'card_invalid',
    [
      '30141001',
      '30001090',
      '50001001',
      '50001066',
      '50001068',
      '0050001036',
      '50001090',
      '50001176',
      '50001177',
      '50001178',
      '50001179',
      '50001180',
      '50001181',
      '50001182',
    ],
  ],
  // 3-D Secure (docs/ogone-protocol.md §12): "Authentication failed, please retry or cancel." and its kin.
  [
    'authentication_failed',
    [
      '40001133',
      '40001134',
      '40001135',
      '40001136',
      '40001137',
      '50001079',
      '50001080',
      '50001081',
      '50001082',
      '50001134',
      '50001135',
      '50001136',
      '50001137',
    ],
  ],
  // "Payment method cancelled by the buyer".
  ['cancelled', ['30171001']],
];

const REASON_OF_CODE: ReadonlyMap<string, DeclineReason> = new Map(
  BY_CODE.flatMap(([reason, codes]) => codes.map((code) => [code, reason] as const)),
);

/** States whose page explains a failure. */
export const FAILED_STATES: ReadonlySet<PaymentState> = new Set(['declined', 'cancelled', 'error']);

export interface DeclineExplanation {
  reason: DeclineReason;
  /** The NCERROR as the platform sent it, for support; undefined when there was none (or "0"). */
  code: string | undefined;
}

/**
 * The reason a failed payment gives the shopper; undefined for a payment that did not fail, and
 * for a cancellation the shopper did not make. `lastStatus`: Ogone's STATUS 1 is "Cancelled by
 * customer"; 6 "Authorised and cancelled" is the merchant's or our own (a duplicate given back,
 * docs/ogone-protocol.md §6), and "You cancelled the payment" would be false there.
 */
export function declineReason(
  state: PaymentState,
  ncError: string | null | undefined,
  lastStatus?: number | null,
): DeclineExplanation | undefined {
  if (!FAILED_STATES.has(state)) return undefined;
  const nc = explainNcError(ncError);
  const code = nc && nc.code !== '0' ? nc.code : undefined;
  const listed = code ? (REASON_OF_CODE.get(code) ?? REASON_OF_CODE.get(code.replace(/^0+/, ''))) : undefined;
  if (listed) return { reason: listed, code };
  if (state === 'cancelled') return lastStatus === 1 ? { reason: 'cancelled', code } : undefined;
  if (state === 'error') return { reason: 'technical', code };
  // Declined: a refusal (NCSTATUS 3, or no code) is the bank's; anything else is a technical problem.
  const refused = !code || ncStatusOf(code) === '3';
  return { reason: refused ? 'refused' : 'technical', code };
}
