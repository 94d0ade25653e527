/**
 * Maintenance as the rest of the server calls it (routes, the reconciler, saved-card payments):
 * capture / refund / cancel and the sync of a payment, each followed by the review of a payment
 * the platform's answer changed (duplicates.ts). operations.ts and sync.ts take that review as
 * an argument because it can itself run an operation (a duplicate given back), whose replay may
 * sync: a loop of calls that must not be a loop of imports (see feedback/apply-answer.ts).
 */
import type { AppContext } from '../app-context.ts';
import type { MaintenanceKind } from '../repository/types.ts';
import { reviewInBackground } from './duplicates.ts';
import { runOperation as runOperationThen, type OperationResponse } from './operations.ts';
import { syncTransaction as syncTransactionThen, type SyncResult } from './sync.ts';

export type { OperationResponse } from './operations.ts';
export type { SyncResult } from './sync.ts';

/** `POST /api/transactions/:reference/capture|refund|cancel` (operations.ts). */
export function runOperation(
  ctx: AppContext,
  reference: string,
  kind: MaintenanceKind,
  request: { amount?: number | undefined; idempotencyKey?: string | undefined },
): Promise<OperationResponse> {
  return runOperationThen(ctx, reference, kind, request, reviewInBackground);
}

/** Where a payment stands at the platform, applied (sync.ts): the sync route and the reconciler. */
export function syncTransaction(ctx: AppContext, reference: string): Promise<SyncResult> {
  return syncTransactionThen(ctx, reference, reviewInBackground);
}
