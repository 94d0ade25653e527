/**
 * Request bodies of the merchant API that the server's domain modules used to keep to themselves:
 * here so the OpenAPI document and the typed client (shared/client/) read the same schema the
 * route validates with. Sessions and buttons are in ./api.ts.
 */
import { z } from 'zod';
import { currencyCodeSchema } from './currency.ts';
import { ORDERID_CHARACTERS, ORDERID_MAX_LENGTH, ORDERID_PATTERN } from '../order-id.ts';
import { minorAmount, refineOgoneAmount } from './amount.ts';

/**
 * `POST /api/aliases/:id/charges`: a merchant-initiated charge of a saved card. The merchant's
 * `reference` is the ORDERID, so a retry after a lost answer reaches the platform as the same
 * order (docs/ogone-protocol.md §10).
 */
export const createChargeSchema = z
  .strictObject({
    // Refused at entry when Ogone's AMOUNT (× 100) cannot carry it (docs/ogone-protocol.md §2).
    amount: minorAmount,
    currency: currencyCodeSchema,
    reference: z
      .string()
      .min(1)
      .max(ORDERID_MAX_LENGTH, { error: `reference must be at most ${ORDERID_MAX_LENGTH} characters (Ogone ORDERID)` })
      .regex(ORDERID_PATTERN, { error: `reference may only hold ${ORDERID_CHARACTERS}` })
      // Written as a pattern too, for the OpenAPI document (review r1566); the check below words it.
      .regex(/^(?!\.+$)(?![eE][xX][pP][oO][rR][tT]\.[cC][sS][vV]$)/, {
        error: 'reference must not be "." or ".." or "export.csv": it names the payment in /api/transactions/{reference}',
      })
      // The payment's key in /api/transactions/{reference}: "." and ".." are dot segments to every
      // URL parser (the payment could never be read, captured or refunded), and the export has its path.
      .refine((reference) => !/^\.+$/.test(reference) && reference.toLowerCase() !== 'export.csv', {
        error: 'reference must not be "." or ".." or "export.csv": it names the payment in /api/transactions/{reference}',
      })
      .optional(),
    description: z.string().max(100, { error: 'description must be at most 100 characters' }).optional(),
    operation: z.enum(['SAL', 'RES'], { error: 'operation must be SAL or RES' }).optional(),
  })
  .superRefine(refineOgoneAmount);
export type CreateCharge = z.input<typeof createChargeSchema>;

/**
 * `POST /api/transactions/:reference/capture|refund|cancel`: an optional partial amount in minor
 * units of the payment's currency (the whole remainder when left out); whether Ogone's AMOUNT can
 * carry it is decided with that currency by the ledger.
 */
export const operationRequestSchema = z.strictObject({
  amount: minorAmount.optional(),
});
export type OperationRequest = z.input<typeof operationRequestSchema>;

/**
 * `POST /api/transactions/:reference/capture`: the operation's optional `amount`, and `final` — a
 * capture that closes the order, releasing what is left of the authorisation: sent as SAS, "last or
 * full data capture … closing the transaction after this operation" (DirectLink guide §4.1.2),
 * for a part too. Nothing more can be captured after it; refunds stay possible up to what was
 * captured (docs/ogone-protocol.md §8).
 */
export const captureRequestSchema = operationRequestSchema.extend({
  final: z
    .boolean({ error: 'final must be a boolean (true: capture this amount and release the rest)' })
    .optional()
    .describe(
      'true: a final capture — the amount (or the whole rest) is captured and the order closed (SAS): the rest of the authorisation is released, nothing more can be captured (409), refunds stay possible; the operation then reads `final: true` and the payment `captureClosed: true`, also when the amount is exactly the rest. Refused 409 while another capture of the payment is in flight. Default false',
    ),
});
export type CaptureRequest = z.input<typeof captureRequestSchema>;
