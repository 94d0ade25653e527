/**
 * The amount fields of our JSON API: integers in minor units (1999 for 19.99 EUR, 1500 for
 * ¥1,500, 1230 for 1.230 KWD), refused at entry when Ogone's AMOUNT — the amount × 100 for every
 * currency — cannot carry them (docs/ogone-protocol.md §2): a fraction left after × 100 (1.234 KWD)
 * or more than 15 digits on the wire.
 */
import { z } from 'zod';
import { isCurrency, ogoneAmountProblem } from '../money.ts';

/**
 * What zod's `.int()` says of an integer past Number.MAX_SAFE_INTEGER (a too_big issue, its
 * other issue being a fraction): that the amount is too large, with the limit, never that it is
 * not an integer (review r1362: 9007199254740992 was called "not an integer"). Every two-decimal
 * currency's limit (docs/ogone-protocol.md §2 "Length": AMOUNT at most 15 digits) is below 2^53,
 * and a three-decimal one's 16 digits are bounded by it: such an amount is too large whatever its
 * currency, and the one limit that holds without knowing it is the safe one.
 */
export function minorAmountIntegerMessage(field: string, integerMessage: string) {
  return (issue: { code?: string }): string => {
    if (issue.code === 'too_big') {
      return `${field} must be at most ${Number.MAX_SAFE_INTEGER} minor units, and within Ogone's 15-digit AMOUNT for its currency (at most 999999999999999 for EUR)`;
    }
    // Below −2^53: what is wrong with it is its sign, as for any amount under 1.
    if (issue.code === 'too_small') return `${field} must be at least 1 minor unit`;
    return integerMessage;
  };
}

/** An amount in minor units; whether Ogone can carry it depends on the currency (refineOgoneAmount). */
export const minorAmount = z
  .number({ error: 'amount must be a number of minor units' })
  .int({ error: minorAmountIntegerMessage('amount', 'amount must be an integer number of minor units (1999 for 19.99 EUR)') })
  .min(1, { error: 'amount must be at least 1 minor unit' });

/**
 * Object-level check of `amount` against `currency`. zod runs it even when another field failed,
 * so it only speaks when both fields are themselves valid (their own messages come first).
 */
export function refineOgoneAmount(value: { amount?: unknown; currency?: unknown }, ctx: z.RefinementCtx): void {
  const { amount, currency } = value;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) return;
  if (typeof currency !== 'string' || !isCurrency(currency)) return;
  const problem = ogoneAmountProblem(amount, currency);
  if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem, input: amount });
}
