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
  // Empty is refused, not read as "the first page": a client that lost the previous page's
  // next_cursor would otherwise loop over page one without knowing it.
  cursor: z.string().min(1, { error: 'cursor must not be empty: leave the parameter out for the first page' }).max(500).optional(),
};
