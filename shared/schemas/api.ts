/**
 * Our JSON API: the merchant API (`/api/…`, bearer key) and the public endpoints the widget
 * calls (`/checkout/…`). Amounts are integers in minor units; currencies ISO 4217.
 * The widget imports none of this: its types are in public-checkout.ts (no zod), re-exported here.
 */
import { z } from 'zod';
import { currencyCodeSchema } from './currency.ts';
import { ORDERID_CHARACTERS, ORDERID_MAX_LENGTH, ORDERID_PATTERN } from '../order-id.ts';
import { PARAMETER_MAX_LENGTHS } from '../parameter-lengths.ts';
import { PAYMENT_STATES } from '../status.ts';
import { minorAmount, refineOgoneAmount } from './amount.ts';
import { SAVE_CARD_POLICIES } from './public-checkout.ts';

// What the browser sees lives in public-checkout.ts, free of zod (the widget imports it there).
export {
  SAVE_CARD_POLICIES,
  type AttemptResult,
  type PublicCheckoutView,
  type SaveCardPolicy,
  type SavedCardView,
} from './public-checkout.ts';

const currency = currencyCodeSchema;

// The scheme given to the OpenAPI document as a pattern beside its `format: uri`, so it refuses
// javascript: and ftp: URLs as the server does (review r1566). Only in the document: a .regex()
// replaced the format there (a host with a space passed) and lost the case-insensitivity
// (HTTPS:// refused; review r1595). The check itself is z.url's protocol.
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2000)
  .meta({ pattern: '^[hH][tT][tT][pP][sS]?://' });

/** The customer's fields go out as CN, EMAIL, OWNER* and COM: Ogone's limits, refused at entry. */
const LIMIT = PARAMETER_MAX_LENGTHS;

export const customerSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(100, { error: 'customer.id must be at most 100 characters' })
    // The customer's key in /api/customers/{id}/aliases: "." and ".." are dot segments to every URL
    // parser, percent-encoded too, so that customer's saved cards could never be listed (review r1160).
    .refine((id) => !/^\.+$/.test(id), {
      error: 'customer.id must not be "." or "..": it names the customer in /api/customers/{id}/aliases',
    })
    // The same rule for the OpenAPI document, which carries no refinement: a character other than
    // a dot (patterns are unanchored), so a generated client refuses "." as the server does
    // (review r1687). A plain class, not a lookahead, for every generator's regex engine.
    .meta({ pattern: '[^.]' }),
  name: z
    .string()
    .max(LIMIT.CN, { error: `customer.name must be at most ${LIMIT.CN} characters (Ogone CN)` })
    .optional(),
  email: z
    .email({ error: 'customer.email must be an e-mail address' })
    .max(LIMIT.EMAIL, { error: `customer.email must be at most ${LIMIT.EMAIL} characters (Ogone EMAIL)` })
    .optional(),
  address: z
    .strictObject({
      line1: z
        .string()
        .max(LIMIT.OWNERADDRESS, { error: `customer.address.line1 must be at most ${LIMIT.OWNERADDRESS} characters` })
        .optional(),
      zip: z
        .string()
        .max(LIMIT.OWNERZIP, { error: `customer.address.zip must be at most ${LIMIT.OWNERZIP} characters` })
        .optional(),
      town: z
        .string()
        .max(LIMIT.OWNERTOWN, { error: `customer.address.town must be at most ${LIMIT.OWNERTOWN} characters` })
        .optional(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, { error: 'customer.address.country must be a two-letter country code' })
        .optional(),
    })
    .optional(),
  phone: z
    .string()
    .max(LIMIT.OWNERTELNO, { error: `customer.phone must be at most ${LIMIT.OWNERTELNO} characters` })
    .optional(),
});

/**
 * The merchant's own key–value pairs on a session, returned as given: Stripe's limits — at most
 * 50 keys of up to 40 characters, values of up to 500 — so a session row stays small (issue 17).
 */
export const METADATA_MAX_KEYS = 50;
export const metadataSchema = z
  .record(
    z.string().max(40, { error: 'metadata keys must be at most 40 characters' }),
    z.string().max(500, { error: 'metadata values must be at most 500 characters' }),
  )
  .refine((metadata) => Object.keys(metadata).length <= METADATA_MAX_KEYS, {
    error: `metadata may hold at most ${METADATA_MAX_KEYS} keys`,
  })
  // The refinement is code; the OpenAPI document states the same limit.
  .meta({ maxProperties: METADATA_MAX_KEYS });

/**
 * The longest a checkout session lives (`expiresIn`, payment and setup sessions alike): an attempt
 * may be paid until then, so the reconciler counts a draft's maximum age from it (server/reconciler).
 */
export const MAX_SESSION_SECONDS = 30 * 24 * 3600;

/**
 * What a payment session and a setup session (setup-session.ts) declare alike: the merchant's
 * reference, the shopper's language, where the shopper comes back, metadata, and how long it lasts.
 */
export const sessionCommonFields = {
  reference: z
    .string()
    .max(ORDERID_MAX_LENGTH)
    .regex(ORDERID_PATTERN, { error: `reference may only hold ${ORDERID_CHARACTERS}` })
    .optional(),
  description: z
    .string()
    .max(LIMIT.COM, { error: `description must be at most ${LIMIT.COM} characters` })
    .optional(),
  locale: z.string().max(35).optional(),
  successUrl: httpUrl.optional(),
  failureUrl: httpUrl.optional(),
  metadata: metadataSchema.optional(),
  /** Seconds from now; default one day, at most 30 days. */
  expiresIn: z
    .number()
    .int()
    .min(60)
    .max(MAX_SESSION_SECONDS)
    .default(24 * 3600),
};

export const createCheckoutSessionSchema = z
  .strictObject({
    /** A payment (the default); `"setup"` is createSetupSessionSchema's (setup-session.ts). */
    mode: z.literal('payment').optional(),
    amount: minorAmount,
    currency,
    customer: customerSchema.optional(),
    saveCard: z.enum(SAVE_CARD_POLICIES, { error: 'saveCard must be never, optional or always' }).default('never'),
    ...sessionCommonFields,
  })
  .superRefine(refineOgoneAmount);
export type CreateCheckoutSession = z.input<typeof createCheckoutSessionSchema>;

export const createButtonSchema = z
  .strictObject({
    name: z.string().min(1, { error: 'name is required' }).max(100),
    amount: minorAmount,
    currency,
    minQuantity: z.number().int().min(1).max(100).default(1),
    maxQuantity: z.number().int().min(1).max(100).default(1),
    // Only `never`: a button has no customer to attach a saved card to (review r1396: the document
    // offered `optional` and `always`, which the server always refused).
    saveCard: z.literal('never', { error: 'a button has no customer to attach a saved card to; use a checkout session' }).default('never'),
    successUrl: httpUrl.optional(),
    failureUrl: httpUrl.optional(),
  })
  .superRefine(refineOgoneAmount);
export type CreateButton = z.input<typeof createButtonSchema>;

export const browserInfoSchema = z.strictObject({
  acceptHeader: z.string().max(2000).optional(),
  colorDepth: z.number().int().min(1).max(64).optional(),
  javaEnabled: z.boolean().optional(),
  language: z.string().max(35).optional(),
  screenHeight: z.number().int().min(0).max(100000).optional(),
  screenWidth: z.number().int().min(0).max(100000).optional(),
  timezoneOffset: z.number().int().min(-900).max(900).optional(),
  userAgent: z.string().max(2000).optional(),
});

/** `POST /checkout/sessions/:id/attempts` and `POST /checkout/buttons/:id`. */
export const createAttemptSchema = z.strictObject({
  saveCard: z.boolean().default(false),
  locale: z.string().max(35).optional(),
  aliasId: z.string().max(64).optional(),
  quantity: z.number().int().min(1).max(100).optional(),
  browser: browserInfoSchema.optional(),
});
export type CreateAttempt = z.input<typeof createAttemptSchema>;

/** Error body of every 4xx/5xx of our API. */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

export const paymentStateSchema = z.enum(PAYMENT_STATES);
