/**
 * Ogone's feedback (browser redirect and server-to-server request to `/payment/ogone/return`).
 * Ogone writes names in mixed case (`orderID`, `amount`, `currency`, `NCError`), so names are
 * matched case-insensitively; values are kept exactly as received because SHA-OUT hashes them
 * that way (docs/ogone-protocol.md §5).
 */
import { z } from 'zod';
import { FEEDBACK_AMOUNT_PATTERN } from '../amount-patterns.ts';
import { ORDERID_MAX_LENGTH } from '../order-id.ts';

/** Uppercases every name. When a name appears twice in different cases, the first one wins. */
export function normalizeFeedback(raw: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const name = key.toUpperCase();
    const value = raw[key];
    if (value !== undefined && !(name in out)) out[name] = value;
  }
  return out;
}

export const feedbackSchema = z.looseObject({
  // Length only: the value is kept as Ogone sent it (SHA-OUT hashes it), ours or not.
  ORDERID: z
    .string({ error: 'orderID is required' })
    .min(1, { error: 'orderID is required' })
    .max(ORDERID_MAX_LENGTH, { error: `orderID must be at most ${ORDERID_MAX_LENGTH} characters` }),
  STATUS: z.string({ error: 'STATUS is required' }).regex(/^\d{1,2}$/, { error: 'STATUS must be a status code of one or two digits' }),
  AMOUNT: z.string().regex(FEEDBACK_AMOUNT_PATTERN, { error: 'amount must be a decimal number in major units' }).optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code' })
    .optional(),
  PAYID: z
    .string()
    .regex(/^\d{0,20}$/, { error: 'PAYID must be numeric' })
    .optional(),
  NCERROR: z.string().max(20, { error: 'NCERROR must be at most 20 characters' }).optional(),
  PM: z.string().max(50).optional(),
  BRAND: z.string().max(50).optional(),
  CARDNO: z.string().max(30).optional(),
  ED: z.string().max(7).optional(),
  CN: z.string().max(100).optional(),
  ALIAS: z.string().max(50).optional(),
  TRXDATE: z.string().max(20).optional(),
  ACCEPTANCE: z.string().max(50).optional(),
  IP: z.string().max(64).optional(),
  SHASIGN: z.string().optional(),
});

export type Feedback = z.infer<typeof feedbackSchema>;
