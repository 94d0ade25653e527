/**
 * `POST /api/transactions/:reference/capture|refund|cancel` (optional partial `amount`, a capture's
 * `final`, honouring `Idempotency-Key`) and `POST /api/transactions/:reference/sync`.
 */
import { Hono, type Context } from 'hono';
import { captureRequestSchema, operationRequestSchema as operationSchema } from '../../../shared/schemas/requests.ts';
import type { AppContext } from '../../app-context.ts';
import { Problem, readJson } from '../../http/problem.ts';
import { isGiveBackKey, runOperation, syncTransaction } from '../../maintenance/index.ts';
import { uncertainOutcomeMessage } from '../../maintenance/operations.ts';
import { reconcilerSettings, reconcilerWillQuery } from '../../config/reconciler-settings.ts';
import type { Reconciliation } from '../../app-context.ts';
import { isBackOfficeKey, operationOrigin } from '../../domain/back-office-operations.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { transactionView } from '../../payments/views.ts';
import type { MaintenanceKind } from '../../repository/types.ts';
import { noQueryParameters } from '../../http/no-query.ts';

export function transactionActionRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);
  const action = (kind: MaintenanceKind) => async (c: Context) => {
    // A capture may be final (`final: true`: an SAS closing the order, DirectLink guide §4.1.2);
    // a refund or cancel names no such field, and refuses it as any unknown one.
    const input: { amount?: number | undefined; final?: boolean | undefined } = await readJson(
      c,
      kind === 'capture' ? captureRequestSchema : operationSchema,
      { optional: true },
    );
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && isGiveBackKey(idempotencyKey))
      throw new Problem(
        400,
        'invalid_request',
        'Idempotency-Key: "duplicate-payment" and "setup-verification" (and their ":<n>" tries) are the automatic give-back\'s own keys; use another',
        'Idempotency-Key',
      );
    if (idempotencyKey !== undefined && isBackOfficeKey(idempotencyKey))
      throw new Problem(
        400,
        'invalid_request',
        'Idempotency-Key: "back-office:<n>" names the operation a back-office history level is recorded as; use another',
        'Idempotency-Key',
      );
    const result = await runOperation(ctx, c.req.param('reference')!, kind, { amount: input.amount, final: input.final, idempotencyKey });
    // Uncertain on a payment past RECONCILE_MAX_AGE_DAYS, which the reconciler no longer queries
    // (nor any payment, with RECONCILE_INTERVAL_SECONDS=0: review r1456):
    // the same request under its key is what settles it (README), so this answer is not the key's
    // to keep — kept, every retry replayed it for a day (review r1445). Retry-After says so, and
    // the idempotency middleware keeps no such answer.
    // Its message and `settledBy` say so too: "while the reconciler queries it" had the merchant,
    // and the dashboard's notice, wait for a query that never came (review r1486).
    const bySync =
      result.body.outcome === 'unknown' &&
      !queriedByReconciler(ctx.reconciliation ?? reconcilerSettings({}), result.body.transaction.createdAt, ctx.clock.now());
    if (bySync) c.header('Retry-After', '60');
    const body = bySync
      ? {
          ...result.body,
          message: uncertainOutcomeMessage({ ...result.body.operation, reference: result.body.transaction.reference }, 'sync'),
          settledBy: 'sync' as const,
        }
      : result.body;
    return c.json({ ...body, transaction: live(body.transaction, result) }, result.status);
  };
  app.post('/:reference/capture', noQueryParameters, action('capture'));
  app.post('/:reference/refund', noQueryParameters, action('refund'));
  app.post('/:reference/cancel', noQueryParameters, action('cancel'));
  app.post('/:reference/sync', noQueryParameters, async (c) => {
    const result = await syncTransaction(ctx, c.req.param('reference'));
    // With its session, as GET /api/transactions/:reference reads the payment (review r1364).
    const [operations, session] = await Promise.all([
      ctx.repository.listOperations(result.transaction.reference),
      ctx.repository.getSession(result.transaction.sessionId),
    ]);
    return c.json({
      ...live(transactionView(result.transaction, session), result.transaction),
      queriedStatus: result.status,
      operations: operations.map((op) => ({
        id: op.id,
        kind: op.kind,
        operation: op.operation,
        amount: op.amount,
        status: op.status,
        ogoneStatus: op.ogoneStatus,
        origin: operationOrigin(op),
      })),
    });
  });
  return app;
}

/** Whether a reconciler runs (RECONCILE_INTERVAL_SECONDS > 0) and will still query this payment. */
function queriedByReconciler(reconciliation: Reconciliation, createdAt: string, now: Date): boolean {
  return reconciliation.intervalMs > 0 && reconcilerWillQuery(reconciliation, createdAt, now);
}
