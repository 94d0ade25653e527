/**
 * The dashboard's summary (issue 16, issue 17): aggregated by the database — one GROUP BY over
 * the window's payments, read through the (created_at, reference) index, and two counts through
 * partial or leading-column indexes — so a 14-day chart covers 14 days at any volume instead of
 * the newest rows a page can hold.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TransactionSummary, TransactionSummaryOptions } from './records/transactions.ts';

export function transactionSummaryMethods(db: Kysely<Database>) {
  return {
    async summarizeTransactions({ from, to, currency }: TransactionSummaryOptions): Promise<TransactionSummary> {
      const groups = await db
        .selectFrom('transactions')
        .select((eb) => [
          // Timestamps are ISO 8601 UTC text: the first ten characters are the UTC day.
          eb.fn<string>('substr', ['created_at', eb.val(1), eb.val(10)]).as('day'),
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
        .groupBy([(eb) => eb.fn('substr', ['created_at', eb.val(1), eb.val(10)]), 'currency', 'state'])
        .execute();
      const attention = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('needs_attention', '=', 1)
        .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
        .executeTakeFirst();
      const failed = await db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('status', '=', 'failed')
        .executeTakeFirst();
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
