/**
 * The one query behind the merchant API's transaction list and its CSV export (issue 16): filters,
 * exact search and the cursor, newest first, every form of it served by an index at any volume
 * (test/server/db/query-plans.test.ts holds the plans on both databases).
 *
 * - The cursor is a row-value comparison, `(created_at, reference) < (?, ?)`: SQLite and
 *   PostgreSQL both use it as a bound of the (created_at, reference) indexes, so a page a year
 *   back reads a page of rows. The equivalent `created_at < ? OR (created_at = ? AND reference < ?)`
 *   is no index bound: it scanned every newer row (issue 17).
 * - Several states: one index-ordered, limited read per state, merged by the database (UNION ALL
 *   then ORDER BY … LIMIT), instead of `state IN (…)`, which reads every row of those states and
 *   sorts them.
 * - `q` is an exact match: a payment matches when q equals its reference, the merchant's
 *   reference or the customer's id, its customer's e-mail (case-insensitive; only a q with `@` is
 *   looked up there) or its card's last four digits (only a q of four digits). Each key has an
 *   index ending in (created_at, reference) (migration 0009).
 */
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { PaymentState } from '../../shared/status.ts';
import type { Database, TransactionTable } from '../db/schema.ts';
import type { TransactionFilter } from './records/transactions.ts';

type Conditions = Omit<TransactionFilter, 'state' | 'cursor' | 'limit'> & { state?: PaymentState; after?: readonly [string, string] };

/** The keys a search string is compared with (see above); each term an index lookup. */
function searchTerms(eb: ExpressionBuilder<Database, 'transactions'>, q: string): Expression<SqlBool>[] {
  const terms = [eb('reference', '=', q), eb('merchant_reference', '=', q), eb('customer_id', '=', q)];
  if (q.includes('@')) terms.push(eb('customer_email', '=', q.toLowerCase()));
  if (/^\d{4}$/.test(q)) terms.push(eb('card_last4', '=', q));
  return terms;
}

function conditions(eb: ExpressionBuilder<Database, 'transactions'>, filter: Conditions): Expression<SqlBool> {
  const terms: Expression<SqlBool>[] = [];
  if (filter.state) terms.push(eb('state', '=', filter.state));
  else if (filter.hiddenStates && filter.hiddenStates.length > 0) terms.push(eb('state', 'not in', [...filter.hiddenStates]));
  if (filter.sessionId) terms.push(eb('session_id', '=', filter.sessionId));
  if (filter.createdFrom) terms.push(eb('created_at', '>=', filter.createdFrom));
  if (filter.createdTo) terms.push(eb('created_at', '<', filter.createdTo));
  if (filter.q) terms.push(eb.or(searchTerms(eb, filter.q)));
  if (filter.after) terms.push(eb(eb.refTuple('created_at', 'reference'), '<', eb.tuple(filter.after[0], filter.after[1])));
  return eb.and(terms);
}

function onePage(db: Kysely<Database>, filter: Conditions, limit: number) {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where((eb) => conditions(eb, filter))
    .orderBy('created_at', 'desc')
    .orderBy('reference', 'desc')
    .limit(limit);
}

/**
 * Up to `limit` rows matching `filter` after `after` (the last row's created_at and reference), newest first.
 */
export async function selectTransactionRows(
  db: Kysely<Database>,
  filter: Omit<TransactionFilter, 'cursor' | 'limit'>,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<Selectable<TransactionTable>[]> {
  const { state, ...rest } = filter;
  const states = state === undefined ? [] : typeof state === 'string' ? [state] : [...new Set(state)];
  const base: Conditions = { ...rest, ...(after ? { after } : {}) };
  if (states.length <= 1) return onePage(db, { ...base, ...(states[0] ? { state: states[0] } : {}) }, limit).execute();
  const [first, ...others] = states.map((one) => db.selectFrom(onePage(db, { ...base, state: one }, limit).as('one_state')).selectAll());
  let union = first!;
  for (const other of others) union = union.unionAll(other);
  return db.selectFrom(union.as('states')).selectAll().orderBy('created_at', 'desc').orderBy('reference', 'desc').limit(limit).execute();
}
