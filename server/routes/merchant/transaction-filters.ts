/**
 * The query parameters that select payments, shared by `GET /api/transactions` and its CSV export
 * (issue 16): `q` (exact search), `state` (one or several: `state=captured,refunded` or the
 * parameter repeated), `from` / `to` (created at, `to` excluded), `session`, and the attempts left
 * out unless asked for — drafts (`includeDrafts=true`: never sent to the platform, or abandoned on
 * the hosted page) and expired attempts (`includeExpired=true`: never paid, unknown to the
 * platform, docs/ogone-protocol.md §9). Asking for a state shows that state, whatever the flags.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { SEARCH_MAX_LENGTH } from '../../../shared/search.ts';
import { PAYMENT_STATES, type PaymentState } from '../../../shared/status.ts';
import { Problem, queryInput } from '../../http/problem.ts';
import type { TransactionFilter } from '../../repository/types.ts';

/** Year 1, not 0: PostgreSQL's timestamptz (migration 0029) has no year 0 (it counts 1 BC). */
const FIRST_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

const isoDate = (name: string) =>
  // The union's own message: a union that fails reports neither member's, only zod's "Invalid
  // input" (review r1230: `from=yesterday` answered "from: Invalid input").
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: `${name} must be an ISO 8601 date such as 2025-01-31 or date-time such as 2025-01-31T00:00:00Z`,
    })
    .transform((value) => {
      // Payments' times are whole milliseconds and Date drops finer digits: a bound finer than a
      // millisecond is rounded up — `from` keeps what is at or after it, `to` what is before it —
      // so 23:59:59.9995 keeps a payment of 23:59:59.999 and 10:00:00.0001 leaves out 10:00:00.000.
      const finer = /\.\d{3}(\d+)/.exec(value)?.[1] ?? '';
      const time = Date.parse(value) + (/[1-9]/.test(finer) ? 1 : 0);
      // Kept within years 0001–9999: past them toISOString writes "+010000-…" or "-000001-…",
      // which sort as text before every stored date and would turn the bound inside out.
      return new Date(Math.min(Math.max(time, FIRST_TIME), LAST_TIME)).toISOString();
    })
    .optional();

const flag = (name: string) => z.enum(['true', 'false'], { error: `${name} must be true or false` }).optional();

const KNOWN_STATES: ReadonlySet<string> = new Set(PAYMENT_STATES);
const STATE_ERROR = `state must be one or more of ${PAYMENT_STATES.join(', ')}, separated by commas`;
const ONE_STATE = `\\s*(?:${PAYMENT_STATES.join('|')})\\s*`;
const STATE_LIST = new RegExp(`^${ONE_STATE}(?:,${ONE_STATE})*$`);

export const transactionFilterQuery = {
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_LENGTH, { error: `q must be at most ${SEARCH_MAX_LENGTH} characters` })
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  state: z
    .string()
    // The states in the pattern too, so the OpenAPI document lists them (review r1160).
    .regex(STATE_LIST, { error: STATE_ERROR })
    .transform((value) => value.split(',').map((part) => part.trim()))
    .refine((parts) => parts.every((part) => KNOWN_STATES.has(part)), { error: STATE_ERROR })
    .transform((parts) => parts as PaymentState[])
    .optional(),
  from: isoDate('from'),
  to: isoDate('to'),
  // No session id is empty: `session=` names none, and read as "no filter" it listed every
  // session's payments as that session's (review r1364, as `reference=` on /api/events).
  session: z
    .string()
    .min(1, { error: 'session must not be empty: leave the parameter out to list the payments of every session' })
    .max(100, { error: 'session must be at most 100 characters' })
    .optional(),
  includeExpired: flag('includeExpired'),
  includeDrafts: flag('includeDrafts'),
};

export const transactionFilterSchema = z.object(transactionFilterQuery);
export type TransactionFilterQuery = z.output<typeof transactionFilterSchema>;

/**
 * Reads the query with `schema`, a repeated `state` joined into one list first (Hono's
 * `c.req.query()` keeps only the first value of a repeated parameter).
 */
export function readTransactionQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const { state, ...input } = queryInput(c, schema, ['state']);
  if (Array.isArray(state)) (input as Record<string, string | string[]>).state = state.join(',');
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}

export function toTransactionFilter(query: TransactionFilterQuery): Omit<TransactionFilter, 'limit'> {
  const hidden: PaymentState[] = [];
  if (query.includeDrafts !== 'true') hidden.push('draft');
  if (query.includeExpired !== 'true') hidden.push('expired');
  return {
    ...(query.state ? { state: query.state } : { hiddenStates: hidden }),
    ...(query.q ? { q: query.q } : {}),
    ...(query.from ? { createdFrom: query.from } : {}),
    ...(query.to ? { createdTo: query.to } : {}),
    ...(query.session !== undefined ? { sessionId: query.session } : {}),
  };
}
