/**
 * Everything that may change a payment as the rest of the server calls it (routes, the
 * reconciler, saved-card payments): capture / refund / cancel and the sync of a payment, a
 * feedback and a DirectLink answer (feedback/) — each followed by the review of a payment the
 * platform's answer changed (duplicates.ts). The steps take that review as an argument because
 * it can itself run an operation (a duplicate given back), whose replay may sync: a loop of calls
 * that must not be a loop of imports. Here the loop is closed, once; feedback/ never imports
 * maintenance/ (test/server/architecture/layers.test.ts).
 */
import type { AppContext } from '../app-context.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import {
  applyAnswer as applyAnswerThen,
  processFeedback as processFeedbackThen,
  type AnswerOptions,
  type FeedbackCaller,
  type FeedbackProcessing,
  type VerifyOptions,
} from '../feedback/index.ts';
import type { MaintenanceKind, TransactionRecord } from '../repository/types.ts';
import { reviewInBackground } from './duplicates.ts';
import { runOperation as runOperationThen, type OperationResponse } from './operations.ts';
import { syncTransaction as syncTransactionThen, type SyncOptions, type SyncResult } from './sync.ts';

export type { OperationResponse } from './operations.ts';
export { isGiveBackKey } from './give-back-key.ts';
export type { SyncOptions, SyncResult } from './sync.ts';

/** `POST /api/transactions/:reference/capture|refund|cancel` (operations.ts). */
export function runOperation(
  ctx: AppContext,
  reference: string,
  kind: MaintenanceKind,
  request: { amount?: number | undefined; final?: boolean | undefined; idempotencyKey?: string | undefined },
): Promise<OperationResponse> {
  return runOperationThen(ctx, reference, kind, request, reviewInBackground);
}

/** Where a payment stands at the platform, applied (sync.ts): the sync route and the reconciler. */
export function syncTransaction(ctx: AppContext, reference: string, options?: SyncOptions): Promise<SyncResult> {
  return syncTransactionThen(ctx, reference, reviewInBackground, options);
}

/** One feedback on `/payment/ogone/return` (feedback/process.ts). */
export function processFeedback(
  ctx: AppContext,
  raw: Record<string, string>,
  channel: FeedbackCaller,
  options: VerifyOptions = {},
): Promise<FeedbackProcessing> {
  return processFeedbackThen(ctx, raw, channel, reviewInBackground, options);
}

/** A DirectLink answer about the whole payment (a new saved-card order), applied like a feedback. */
export function applyAnswer(
  ctx: AppContext,
  reference: string,
  result: DirectLinkResult,
  options: AnswerOptions = {},
): Promise<TransactionRecord | undefined> {
  return applyAnswerThen(ctx, reference, result, reviewInBackground, options);
}
