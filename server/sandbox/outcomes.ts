/**
 * The simulated acquirer: what STATUS / NCERROR a card gets for an operation.
 * Statuses per the DirectLink guide §3.3 and e-Commerce Advanced guide §14: 5 authorised (RES),
 * 9 payment requested (SAL), 2 refused (NCERROR 300…), 52 / 92 uncertain (NCERROR 200…),
 * 46 waiting for 3-D Secure authentication.
 */
import type { CardBehaviour } from './cards.ts';
import { NCERROR } from './ncerrors.ts';

export type Operation = 'RES' | 'SAL';

export interface Outcome {
  readonly status: number;
  readonly ncError: string;
  readonly acceptance: string;
}

/** The acceptance code the test platform's acquirer simulator gives (ActiveMerchant fixtures). */
export const TEST_ACCEPTANCE = 'test123';

/** Statuses after which a card was accepted (or may be): an alias becomes Active. */
export const ACCEPTED_STATUSES: ReadonlySet<number> = new Set([4, 5, 9, 41, 50, 51, 91]);

/** Refusals: the feedback comes after the shopper's last try on the page. */
export const REFUSED_STATUSES: ReadonlySet<number> = new Set([2, 93]);

/**
 * OPERATION as the platform applies it: PAU (pre-authorisation) exists for MasterCard only and
 * falls back to RES otherwise; nothing sent means the account default, Sale here
 * (e-Commerce Advanced guide, "Operation"; docs/ogone-protocol.md §4).
 */
export function effectiveOperation(requested: string | undefined): Operation {
  // A MasterCard pre-authorisation answers like an authorisation (STATUS 5): both map to RES.
  return requested === 'RES' || requested === 'PAU' ? 'RES' : 'SAL';
}

export function authorised(operation: Operation): Outcome {
  return { status: operation === 'RES' ? 5 : 9, ncError: NCERROR.OK, acceptance: TEST_ACCEPTANCE };
}

/**
 * The outcome of an authorisation once 3-D Secure is done (or not asked for): a challenge card
 * that reaches this point has authenticated, so it is accepted.
 */
export function authorise(behaviour: CardBehaviour, operation: Operation): Outcome {
  switch (behaviour) {
    case 'accept':
    case 'challenge':
      return authorised(operation);
    case 'refuse':
      return { status: 2, ncError: NCERROR.REFUSED, acceptance: '' };
    case 'uncertain':
      // 52 "Authorisation not known" or 92 "Payment uncertain", "during the authorisation/payment
      // process" (DirectLink guide §3.3, e-Commerce Advanced §14): an authorisation alone (RES)
      // has no payment to be uncertain about.
      return { status: operation === 'RES' ? 52 : 92, ncError: NCERROR.UNKNOWN_STATUS, acceptance: '' };
    case 'exception':
      return { status: 52, ncError: NCERROR.NO_BANK_FEEDBACK, acceptance: '' };
  }
}

export const AUTHENTICATION_FAILED: Outcome = { status: 2, ncError: NCERROR.AUTHENTICATION_FAILED, acceptance: '' };
export const CANCELLED: Outcome = { status: 1, ncError: NCERROR.CANCELLED_BY_BUYER, acceptance: '' };
export const WAITING_FOR_AUTHENTICATION: Outcome = { status: 46, ncError: NCERROR.OK, acceptance: '' };
