/**
 * Payments (records/transactions.ts): created, read, listed, and changed only through
 * `mutateTransaction` (mutate-transaction.ts), which also writes the feedback log, so a feedback
 * and the change it caused are one database transaction. Challenges are a payment's 3-D Secure
 * page, kept a day (the retention pass: retention/purger.ts), long after any shopper opens it.
 */
import type { PaymentState } from '../../shared/status.ts';
import { decodeCursor, InvalidCursorError } from './cursor.ts';
import { mutateTransaction } from './mutate-transaction.ts';
import { page, type Page } from './page.ts';
import { pruneBefore } from './prune-before.ts';
import type { TransactionFilter, TransactionRecord, TransactionStore } from './records/transactions.ts';
import { rowToFeedback, rowToOperation, rowToSession, rowToTransaction, transactionToRow } from './rows.ts';
import type { CheckoutSessionRecord } from './records/sessions.ts';
import type { StoreContext } from './store-context.ts';
import { transactionInsert, transactionInsertBatch } from './transaction-insert-batch.ts';
import { selectTransactionRows } from './transaction-query.ts';
import { transactionSummaryMethods } from './transaction-summary.ts';

/** A list's cursor: the last payment's created_at and reference, or InvalidCursorError (a 400). */
function paymentCursor(cursor: string): [string, string] {
  const parts = decodeCursor(cursor, 2) as [string, string];
  // A created_at as the server writes it — on PostgreSQL a timestamptz: what toISOString writes
  // back unchanged (Date.parse rolls 30 February over to 2 March, which PostgreSQL refuses), from
  // year 0001 ('0000', and the '+' or '-' of six-digit years, sort before it; PostgreSQL has no
  // year 0).
  const time = Date.parse(parts[0]);
  if (Number.isNaN(time) || new Date(time).toISOString() !== parts[0] || parts[0] < '0001') throw new InvalidCursorError();
  return parts;
}

/** A maintenance operation's columns beside its payment's, renamed where the two tables share names. */
const OPERATION_COLUMNS = [
  'o.id as op_id',
  'o.kind as op_kind',
  'o.operation as op_operation',
  'o.amount as op_amount',
  'o.status as op_status',
  'o.ogone_status as op_ogone_status',
  'o.payid_sub as op_payid_sub',
  'o.nc_error as op_nc_error',
  'o.idempotency_key as op_idempotency_key',
  'o.created_at as op_created_at',
  'o.updated_at as op_updated_at',
  'o.reversed_at as op_reversed_at',
  'o.named_part as op_named_part',
  'o.final as op_final',
] as const;

/** Attempts left unpaid: a session's status does not read them past its newest (listSessionTransactions). */
const ATTEMPTS_LEFT_UNPAID: PaymentState[] = ['draft', 'expired', 'declined', 'error', 'cancelled'];

export function transactionStore(context: StoreContext): TransactionStore {
  const { db, clock } = context;
  // PostgreSQL: one INSERT per event-loop turn for all new payments; SQLite: the INSERT compiled once
  // (transaction-insert-batch.ts), its commits grouped below Kysely (db/group-commit.ts).
  const insertTransaction = context.postgres ? transactionInsertBatch(db, context.pgPool) : transactionInsert(db);

  async function listTransactions(filter: TransactionFilter): Promise<Page<TransactionRecord>> {
    const after = filter.cursor ? paymentCursor(filter.cursor) : undefined;
    const rows = (await selectTransactionRows(db, filter, after, filter.limit + 1)).map(rowToTransaction);
    return page(rows, filter.limit, (last) => [last.createdAt, last.reference]);
  }

  return {
    async createTransaction(transaction) {
      await insertTransaction(transactionToRow(transaction, context.livemode));
    },

    async getTransaction(reference) {
      const row = await db.selectFrom('transactions').selectAll().where('reference', '=', reference).executeTakeFirst();
      return row ? rowToTransaction(row) : undefined;
    },

    // One statement, so one snapshot on both databases (SQLite's reader, PostgreSQL's READ
    // COMMITTED statement): the operations and the amounts they settled always belong together.
    // The payment's columns repeat on each operation's row; a payment has a few operations at most.
    async getTransactionWithOperations(reference) {
      const rows = await db
        .selectFrom('transactions as t')
        .leftJoin('maintenance_operations as o', 'o.reference', 't.reference')
        .selectAll('t')
        .select(OPERATION_COLUMNS)
        .where('t.reference', '=', reference)
        .orderBy('o.id')
        .execute();
      if (rows.length === 0) return undefined;
      const operations = rows.flatMap((r) =>
        r.op_id === null
          ? []
          : [
              rowToOperation({
                id: r.op_id,
                reference: r.reference,
                kind: r.op_kind!,
                operation: r.op_operation!,
                amount: r.op_amount!,
                status: r.op_status!,
                ogone_status: r.op_ogone_status,
                payid_sub: r.op_payid_sub,
                nc_error: r.op_nc_error,
                idempotency_key: r.op_idempotency_key,
                created_at: r.op_created_at!,
                updated_at: r.op_updated_at!,
                reversed_at: r.op_reversed_at,
                named_part: r.op_named_part,
                final: r.op_final,
              }),
            ],
      );
      return { transaction: rowToTransaction(rows[0]!), operations };
    },

    listTransactions,

    async listSessionTransactions(sessionId, limit) {
      const ofSession = () =>
        db
          .selectFrom('transactions')
          .selectAll()
          .where('session_id', '=', sessionId)
          .orderBy('created_at', 'desc')
          .orderBy('reference', 'desc');
      const newest = await ofSession()
        .limit(limit + 1)
        .execute();
      if (newest.length <= limit) return { items: newest.map(rowToTransaction), truncated: false };
      const last = newest[limit - 1]!;
      // Past the newest: only those a status reads. Attempts refused, cancelled or never paid
      // (the many a shopper's clicks leave) are not; a draft awaiting its query is.
      const older = await ofSession()
        .where((eb) =>
          eb.and([
            eb(eb.refTuple('created_at', 'reference'), '<', eb.tuple(last.created_at, last.reference)),
            eb.or([eb('state', 'not in', ATTEMPTS_LEFT_UNPAID), eb('sync_needed', '=', 1)]),
          ]),
        )
        .limit(limit)
        .execute();
      const items = [...newest.slice(0, limit), ...older].map(rowToTransaction);
      // Truncated only when a payment is left out: an older attempt left unpaid, or more of the
      // others than `limit` (review r1595: every payment listed, and said truncated).
      if (older.length >= limit) return { items, truncated: true };
      const leftOut = await db
        .selectFrom('transactions')
        .select('reference')
        .where('session_id', '=', sessionId)
        .where((eb) =>
          eb.and([
            eb(eb.refTuple('created_at', 'reference'), '<', eb.tuple(last.created_at, last.reference)),
            eb('state', 'in', ATTEMPTS_LEFT_UNPAID),
            eb.or([eb('sync_needed', 'is', null), eb('sync_needed', '=', 0)]),
          ]),
        )
        .limit(1)
        .executeTakeFirst();
      return { items, truncated: leftOut !== undefined };
    },

    async listTransactionsWithSessions(filter) {
      const result = await listTransactions(filter);
      const ids = [...new Set(result.items.map((t) => t.sessionId))];
      const sessions = new Map<string, CheckoutSessionRecord>();
      if (ids.length > 0) {
        for (const row of await db.selectFrom('checkout_sessions').selectAll().where('id', 'in', ids).execute()) {
          sessions.set(row.id, rowToSession(row));
        }
      }
      return {
        items: result.items.map((transaction) => ({ transaction, session: sessions.get(transaction.sessionId) })),
        nextCursor: result.nextCursor,
      };
    },

    ...transactionSummaryMethods(db, context.livemode),

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

    async getChallengeOfPayment(reference) {
      const row = await db
        .selectFrom('challenges')
        .selectAll()
        .where('reference', '=', reference)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? { token: row.token, reference: row.reference, html: row.html, createdAt: row.created_at } : undefined;
    },

    // A day's pages at most once the pass runs (retention/purger.ts), in batches on SQLite.
    pruneChallenges: (before, signal) => pruneBefore(db, context.postgres, 'challenges', before, signal),
  };
}
