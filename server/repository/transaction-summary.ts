/**
 * The dashboard's summary (issue 16, issue 17): aggregated by the database — one GROUP BY over
 * the window's payments, read through the (created_at, reference) index, and two counts through
 * partial or leading-column indexes — so a 14-day chart covers 14 days at any volume instead of
 * the newest rows a page can hold.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TransactionSummary, TransactionSummaryOptions } from './records/transactions.ts';

/**
 * Timestamps are ISO 8601 UTC text: the first ten characters are the UTC day. Literal arguments,
 * not parameters, so PostgreSQL sees the grouped expression and the selected one as the same.
 */
const UTC_DAY = sql<string>`substr(created_at, 1, 10)`;

/** The summary's three reads, ready to run or to compile for their plans (test/server/db/query-plans.test.ts). */
export function transactionSummaryQueries(db: Kysely<Database>, { from, to, currency }: TransactionSummaryOptions) {
  return {
    groups: db
      .selectFrom('transactions')
      .select((eb) => [
        UTC_DAY.as('day'),
        'currency',
        'state',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.sum<number | string | null>('captured_amount').as('captured_amount'),
        eb.fn.sum<number | string | null>('refunded_amount').as('refunded_amount'),
        eb.fn.sum<number | string | null>(eb.case().when('captured_amount', '>', 0).then(1).else(0).end()).as('captured_count'),
      ])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
      .groupBy([UTC_DAY, 'currency', 'state']),
    needsAttention: db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('needs_attention', '=', 1)
      .$if(currency !== undefined, (q) => q.where('currency', '=', currency!)),
    failedDeliveries: db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'failed'),
  };
}

export function transactionSummaryMethods(db: Kysely<Database>) {
  return {
    async summarizeTransactions(options: TransactionSummaryOptions): Promise<TransactionSummary> {
      const queries = transactionSummaryQueries(db, options);
      const groups = await queries.groups.execute();
      const attention = await queries.needsAttention.executeTakeFirst();
      const failed = await queries.failedDeliveries.executeTakeFirst();
      return {
        groups: groups.map((row) => ({
          day: row.day,
          currency: row.currency,
          state: row.state,
          count: Number(row.count),
          capturedAmount: Number(row.captured_amount ?? 0),
          refundedAmount: Number(row.refunded_amount ?? 0),
          capturedCount: Number(row.captured_count ?? 0),
        })),
        needsAttention: Number(attention?.count ?? 0),
        failedDeliveries: Number(failed?.count ?? 0),
      };
    },
  };
}
