/**
 * The one query behind the merchant API's transaction list and its CSV export (issue 16): filters,
 * exact search and the cursor, newest first, every form of it served by an index at any volume
 * (test/server/db/query-plans.test.ts holds the plans on both databases).
 *
 * - The cursor is a row-value comparison, `(created_at, reference) < (?, ?)`: SQLite and
 *   PostgreSQL both use it as a bound of the (created_at, reference) indexes, so a page a year
 *   back reads a page of rows. The equivalent `created_at < ? OR (created_at = ? AND reference < ?)`
 *   is no index bound: it scanned every newer row (issue 17).
 * - Several states: one index-ordered, limited read per state (transactions_state_created:
 *   state, created_at), merged by the database (UNION ALL, then ORDER BY … LIMIT), instead of
 *   `state IN (…)`, which reads every row of those states and sorts them.
 * - Several arms (states or search keys) read about one page in all, not `limit` rows each: each
 *   database merges arms read in their index's order, pulling rows only as the page needs them.
 *   PostgreSQL does so for limited subqueries (Merge Append under the LIMIT), SQLite for one
 *   compound SELECT ordered and limited as a whole (MERGE). A limited subquery per arm SQLite read
 *   whole and sorted again before merging: at 1 M payments the page of pending and error payments
 *   read and sorted 102 full rows, about 1.4 × the time of a page of one state (issue 17). A bare
 *   compound PostgreSQL appends and sorts whole: every match, not a page.
 * - `q` is an exact match: a payment matches when q equals its reference, the merchant's
 *   reference or the customer's id, its customer's e-mail (case-insensitive; only a q with `@` is
 *   looked up there) or its card's last four digits (only a q of four digits). Each key has an
 *   index ending in (created_at, reference) (migration 0009), and each key is its own limited,
 *   index-ordered read, merged like the states: as one `OR`, the planners preferred walking the
 *   newest-first index and filtering, which reads the whole table for a rare value.
 */
import {
  PostgresAdapter,
  type CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { PaymentState } from '../../shared/status.ts';
import type { Database, TransactionTable } from '../db/schema.ts';
import type { TransactionFilter } from './records/transactions.ts';
import { emailSearchKey } from './rows.ts';

/** One arm of the query: at most one state, at most one search key, both equalities. */
type Conditions = Omit<TransactionFilter, 'state' | 'q' | 'cursor' | 'limit'> & {
  states?: readonly PaymentState[];
  key?: SearchKey;
  after?: readonly [string, string];
};

type SearchColumn = 'reference' | 'merchant_reference' | 'customer_id' | 'customer_email' | 'card_last4';
type SearchKey = readonly [column: SearchColumn, value: string];

/** The keys a search string is compared with (see above). */
export function searchKeys(q: string): SearchKey[] {
  const keys: SearchKey[] = [
    ['reference', q],
    ['merchant_reference', q],
    ['customer_id', q],
  ];
  if (q.includes('@')) keys.push(['customer_email', emailSearchKey(q)]);
  if (/^\d{4}$/.test(q)) keys.push(['card_last4', q]);
  return keys;
}

function conditions(eb: ExpressionBuilder<Database, 'transactions'>, filter: Conditions): Expression<SqlBool> {
  const terms: Expression<SqlBool>[] = [];
  if (filter.key) terms.push(eb(filter.key[0], '=', filter.key[1]));
  if (filter.states && filter.states.length === 1) terms.push(eb('state', '=', filter.states[0]!));
  else if (filter.states && filter.states.length > 1) terms.push(eb('state', 'in', [...filter.states]));
  else if (filter.hiddenStates && filter.hiddenStates.length > 0) terms.push(eb('state', 'not in', [...filter.hiddenStates]));
  if (filter.sessionId) terms.push(eb('session_id', '=', filter.sessionId));
  if (filter.createdFrom) terms.push(eb('created_at', '>=', filter.createdFrom));
  if (filter.createdTo) terms.push(eb('created_at', '<', filter.createdTo));
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

/** A query ready to run, or to compile for its plan (test/server/db/query-plans.test.ts). */
export interface TransactionRowsQuery {
  execute(): Promise<Selectable<TransactionTable>[]>;
  compile(): CompiledQuery;
}

/**
 * Up to `limit` rows matching `filter` after `after` (the last row's created_at and reference), newest first.
 */
export function transactionRowsQuery(
  db: Kysely<Database>,
  filter: Omit<TransactionFilter, 'cursor' | 'limit'>,
  after: readonly [string, string] | undefined,
  limit: number,
): TransactionRowsQuery {
  const { state, q, ...rest } = filter;
  const states = state === undefined ? [] : typeof state === 'string' ? [state] : [...new Set(state)];
  const base: Conditions = { ...rest, ...(after ? { after } : {}) };
  // A search: one arm per key, each ordered by its key's index; the states only filter (few rows match).
  // Otherwise one arm per state, each ordered by (state, created_at, reference).
  const arms: Conditions[] = q
    ? searchKeys(q).map((key) => ({ ...base, key, ...(states.length > 0 ? { states } : {}) }))
    : states.length > 0
      ? states.map((one) => ({ ...base, states: [one] }))
      : [base];
  if (arms.length === 1) return onePage(db, arms[0]!, limit);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    // SQLite: one compound SELECT, ordered and limited as a whole (see above).
    const [first, ...others] = arms.map((arm) =>
      db
        .selectFrom('transactions')
        .selectAll()
        .where((eb) => conditions(eb, arm)),
    );
    let compound = first!;
    // UNION, not UNION ALL, for a search: a payment may match two keys (customer id 4242, card …4242).
    for (const other of others) compound = q ? compound.union(other) : compound.unionAll(other);
    return compound.orderBy('created_at', 'desc').orderBy('reference', 'desc').limit(limit);
  }
  const [first, ...others] = arms.map((arm) => db.selectFrom(onePage(db, arm, limit).as('arm')).selectAll());
  let union = first!;
  for (const other of others) union = q ? union.union(other) : union.unionAll(other);
  return db.selectFrom(union.as('arms')).selectAll().orderBy('created_at', 'desc').orderBy('reference', 'desc').limit(limit);
}

export function selectTransactionRows(
  db: Kysely<Database>,
  filter: Omit<TransactionFilter, 'cursor' | 'limit'>,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<Selectable<TransactionTable>[]> {
  return transactionRowsQuery(db, filter, after, limit).execute();
}
