/**
 * Setup sessions (issue 19): `POST /api/checkout-sessions` with `mode: "setup"` saves a card
 * without paying, on Ogone's FlexCheckout page (docs/ogone-protocol.md §15). No amount — the
 * shopper pays nothing now; a customer is required — the saved card belongs to one. The currency
 * is the one of the card verification (a small authorisation cancelled at once, §15 "choices").
 */
import { z } from 'zod';
import { isCurrency } from '../money.ts';
import { ORDERID_CHARACTERS, ORDERID_MAX_LENGTH, ORDERID_PATTERN } from '../order-id.ts';
import { customerSchema, MAX_SESSION_SECONDS, metadataSchema } from './api.ts';

export const SESSION_MODES = ['payment', 'setup'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** What the merchant API reads first, to choose the schema the rest of the body is checked with. */
export const sessionModeProbeSchema = z.looseObject({
  mode: z.enum(SESSION_MODES, { error: 'mode must be payment or setup' }).optional(),
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2000);

export const createSetupSessionSchema = z.strictObject({
  mode: z.literal('setup'),
  amount: z.never({ error: 'a setup session saves a card without paying: leave amount out (use mode "payment" to charge)' }).optional(),
  currency: z.string().refine(isCurrency, { error: 'currency must be an ISO 4217 code such as EUR' }).optional(),
  // Required, with a message saying why; required in the schema itself, so the OpenAPI document
  // says so too (review r1396: a console built `{ "mode": "setup" }` the server refuses).
  customer: z.strictObject(customerSchema.shape, {
    error: (issue) => (issue.input === undefined ? 'customer is required: a saved card belongs to a customer' : undefined),
  }),
  reference: z
    .string()
    .max(ORDERID_MAX_LENGTH)
    .regex(ORDERID_PATTERN, { error: `reference may only hold ${ORDERID_CHARACTERS}` })
    .optional(),
  description: z.string().max(100, { error: 'description must be at most 100 characters' }).optional(),
  locale: z.string().max(35).optional(),
  successUrl: httpUrl.optional(),
  failureUrl: httpUrl.optional(),
  metadata: metadataSchema.optional(),
  expiresIn: z
    .number()
    .int()
    .min(60)
    .max(MAX_SESSION_SECONDS)
    .default(24 * 3600),
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
