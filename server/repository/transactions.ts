/**
 * Payments (records/transactions.ts): created, read, listed, and changed only through
 * `mutateTransaction` (mutate-transaction.ts), which also writes the feedback log, so a feedback
 * and the change it caused are one database transaction. Challenges are a payment's 3-D Secure
 * page, kept until the shopper opens it.
 */
import { decodeCursor } from './cursor.ts';
import { mutateTransaction } from './mutate-transaction.ts';
import { page } from './page.ts';
import type { TransactionStore } from './records/transactions.ts';
import { rowToFeedback, rowToTransaction, transactionToRow } from './rows.ts';
import type { StoreContext } from './store-context.ts';

export function transactionStore(context: StoreContext): TransactionStore {
  const { db, clock } = context;
  return {
    async createTransaction(transaction) {
      await db.insertInto('transactions').values(transactionToRow(transaction)).execute();
    },

    async getTransaction(reference) {
      const row = await db.selectFrom('transactions').selectAll().where('reference', '=', reference).executeTakeFirst();
      return row ? rowToTransaction(row) : undefined;
    },

    async listTransactions(filter) {
      let query = db
        .selectFrom('transactions')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('reference', 'desc')
        .limit(filter.limit + 1);
      if (filter.state) query = query.where('state', '=', filter.state);
      else if (filter.hiddenStates && filter.hiddenStates.length > 0) query = query.where('state', 'not in', [...filter.hiddenStates]);
      if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
      if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
      if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
      if (filter.cursor) {
        const [createdAt, reference] = decodeCursor(filter.cursor, 2) as [string, string];
        query = query.where((eb) =>
          eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('reference', '<', reference)])]),
        );
      }
      const rows = (await query.execute()).map(rowToTransaction);
      return page(rows, filter.limit, (last) => [last.createdAt, last.reference]);
    },

    mutateTransaction: mutateTransaction(context),

    async listFeedback(reference, limit) {
      const rows = await db
        .selectFrom('feedback_log')
        .selectAll()
        .where('reference', '=', reference)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(rowToFeedback);
    },

    async saveChallenge({ token, reference, html }) {
      await db.insertInto('challenges').values({ token, reference, html, created_at: clock.now().toISOString() }).execute();
    },

    async getChallenge(token) {
      const row = await db.selectFrom('challenges').selectAll().where('token', '=', token).executeTakeFirst();
      return row ? { token: row.token, reference: row.reference, html: row.html, createdAt: row.created_at } : undefined;
    },
  };
}
