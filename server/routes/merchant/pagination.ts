/** Query parameters shared by list endpoints: `limit` (1–100, default 20) and an opaque `cursor`. */
import { z } from 'zod';

export const pageQuery = {
  limit: z
    .string()
    // The bound in the pattern too, so the OpenAPI document says it (review r1160: a generated
    // client took limit=500 for valid).
    .regex(/^0*(?:[1-9]\d?|100)$/, { error: 'limit must be a whole number from 1 to 100' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, { error: 'limit must be a whole number from 1 to 100' })
    .default(20),
  cursor: z.string().max(500).optional(),
};
