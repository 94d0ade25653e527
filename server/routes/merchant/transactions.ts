/**
 * `GET /api/transactions` (search, filters and cursor pagination: transaction-filters.ts), its CSV
 * export (`/export.csv`, export.ts) and
 * `GET /api/transactions/:reference`, the transaction page's detail: the payment, its customer
 * and description, maintenance operations, feedback history and webhook events with their
 * delivery attempts, each bounded with a flag saying more exist (issue 16).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { OPEN_MAINTENANCE_STATUSES } from '../../../shared/maintenance-statuses.ts';
import { closedByFinalCapture, restCancelled } from '../../domain/ledger.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { openOperationView, transactionDetailView, transactionView } from '../../payments/views.ts';
import { exportTransactionsHandler } from './export.ts';
import { pageQuery } from './pagination.ts';
import { readTransactionQuery, toTransactionFilter, transactionFilterQuery } from './transaction-filters.ts';
import { noQueryParameters } from '../../http/no-query.ts';

/** Exported for the OpenAPI document (server/api-docs/). */
export const listQuery = z.object({ ...pageQuery, ...transactionFilterQuery });

/** The newest feedback rows and webhook events a detail holds; `feedbackTruncated` / `eventsTruncated` say when there are more. */
export const DETAIL_FEEDBACK_LIMIT = 20;
export const DETAIL_EVENTS_LIMIT = 50;

export function transactionRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.get('/', async (c) => {
    const query = readTransactionQuery(c, listQuery);
    // With their sessions (one more statement a page): the metadata, and whether a payment is a
    // setup session's card verification, which the dashboard's rows must not offer to capture
    // (docs/ogone-protocol.md §15; review r1341).
    const result = await ctx.repository.listTransactionsWithSessions({
      ...toTransactionFilter(query),
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    // And their operations still open, cancels done and final captures (one more statement a page): a row must not
    // offer a capture, refund or void the ledger would refuse beside them (review r1485).
    const limiting = await ctx.repository.listOperationsLimitingActions(result.items.map(({ transaction }) => transaction.reference));
    const data = result.items.map(({ transaction, session }) => {
      const ops = limiting.filter((o) => o.reference === transaction.reference);
      return {
        ...live(transactionView(transaction, session), transaction),
        openOperations: ops.filter((o) => OPEN_MAINTENANCE_STATUSES.has(o.status)).map(openOperationView),
        restCancelled: restCancelled(ops),
        captureClosed: closedByFinalCapture(ops),
      };
    });
    return c.json({ data, nextCursor: result.nextCursor });
  });

  // Before `/:reference`, which would take `export.csv` for a reference.
  app.get('/export.csv', exportTransactionsHandler(ctx));

  app.get('/:reference', noQueryParameters, async (c) => {
    // The payment and its operations in one read: the operations' statuses and the amounts they
    // settled are shown from the same moment, as the ledger writes them (review r1321).
    const found = await ctx.repository.getTransactionWithOperations(c.req.param('reference'));
    if (!found) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
    const { transaction, operations } = found;
    const [session, feedback, events] = await Promise.all([
      ctx.repository.getSession(transaction.sessionId),
      ctx.repository.listFeedback(transaction.reference, DETAIL_FEEDBACK_LIMIT + 1),
      ctx.repository.listEvents({ reference: transaction.reference, limit: DETAIL_EVENTS_LIMIT }),
    ]);
    return c.json(
      live(
        transactionDetailView({
          transaction,
          session,
          operations,
          feedback: feedback.slice(0, DETAIL_FEEDBACK_LIMIT),
          feedbackTruncated: feedback.length > DETAIL_FEEDBACK_LIMIT,
          events: events.items,
          eventsTruncated: events.nextCursor !== null,
        }),
        transaction,
      ),
    );
  });

  return app;
}
