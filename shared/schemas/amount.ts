/**
 * The amount fields of our JSON API: integers in minor units (1999 for 19.99 EUR, 1500 for
 * ¥1,500, 1230 for 1.230 KWD), refused at entry when Ogone's AMOUNT — the amount × 100 for every
 * currency — cannot carry them (docs/ogone-protocol.md §2): a fraction left after × 100 (1.234 KWD)
 * or more than 15 digits on the wire.
 */
import { z } from 'zod';
import { isCurrency, ogoneAmountProblem } from '../money.ts';

/** An amount in minor units; whether Ogone can carry it depends on the currency (refineOgoneAmount). */
export const minorAmount = z
  .number({ error: 'amount must be a number of minor units' })
  .int({ error: 'amount must be an integer number of minor units (1999 for 19.99 EUR)' })
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
