/**
 * Setup sessions (issue 19): `POST /api/checkout-sessions` with `mode: "setup"` saves a card
 * without paying, on Ogone's FlexCheckout page (docs/ogone-protocol.md §15). No amount — the
 * shopper pays nothing now; a customer is required — the saved card belongs to one. The currency
 * is the one of the card verification (a small authorisation cancelled at once, §15 "choices").
 */
import { z } from 'zod';
import { currencyCodeSchema } from './currency.ts';
import { customerSchema, sessionCommonFields } from './api.ts';

export const SESSION_MODES = ['payment', 'setup'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** What the merchant API reads first, to choose the schema the rest of the body is checked with. */
export const sessionModeProbeSchema = z.looseObject({
  mode: z.enum(SESSION_MODES, { error: 'mode must be payment or setup' }).optional(),
});

export const createSetupSessionSchema = z.strictObject({
  mode: z.literal('setup'),
  amount: z.never({ error: 'a setup session saves a card without paying: leave amount out (use mode "payment" to charge)' }).optional(),
  currency: currencyCodeSchema.optional(),
  // Required, with a message saying why; required in the schema itself, so the OpenAPI document
  // says so too (review r1396: a console built `{ "mode": "setup" }` the server refuses).
  customer: z.strictObject(customerSchema.shape, {
    error: (issue) => (issue.input === undefined ? 'customer is required: a saved card belongs to a customer' : undefined),
  }),
  ...sessionCommonFields,
});
export type CreateSetupSession = z.input<typeof createSetupSessionSchema>;
export type SetupSessionInput = z.output<typeof createSetupSessionSchema>;

/** The card a completed setup session saved (`GET /api/checkout-sessions/:id`). */
export interface SetupSessionCardView {
  aliasId: string;
  brand: string | null;
  last4: string | null;
  /** MMYY, as Ogone returns it. */
  expiry: string | null;
}
