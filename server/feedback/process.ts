/**
 * Feedback from Ogone, end to end: verify SHA-OUT, validate, find the transaction, apply the
 * decision under the row lock (one database transaction), tell the webhook dispatcher.
 */
import { feedbackSchema, normalizeFeedback } from '../../shared/schemas/feedback.ts';
import { describeFirstProblem } from '../../shared/schemas/errors.ts';
import type { AppContext } from '../app-context.ts';
import { withOperations } from './with-operations.ts';
import { shaVerify } from '../ogone/sha.ts';
import type { TransactionRecord } from '../repository/types.ts';
import type { Channel } from './channel.ts';
import { reviewInBackground } from '../maintenance/duplicates.ts';
import { decideFeedback, PAID_STATES, type FeedbackResult } from './decide.ts';

export type FeedbackProcessing =
  | { kind: 'rejected'; status: 403; reason: string }
  | { kind: 'invalid'; status: 400; message: string }
  | { kind: 'unknown-order'; status: 404; reference: string }
  | { kind: 'processed'; status: 200; transaction: TransactionRecord; result: FeedbackResult };

export async function processFeedback(ctx: AppContext, raw: Record<string, string>, channel: Channel): Promise<FeedbackProcessing> {
  const { provider } = ctx.config;
  const verification = shaVerify(raw, { passphrase: provider.shaOut, algorithm: provider.hashAlgorithm, direction: 'out' });
  const params = normalizeFeedback(raw);
  if (!verification.valid) {
    // Enough to investigate, nothing secret: the order, the reason, never the parameters' digest.
    ctx.logger.warn({ orderId: params.ORDERID?.slice(0, 40) ?? null, reason: verification.reason, channel }, `feedback refused: ${verification.message}`);
    return { kind: 'rejected', status: 403, reason: verification.message };
  }
  const parsed = feedbackSchema.safeParse(params);
  if (!parsed.success) {
    const message = describeFirstProblem(parsed.error);
    ctx.logger.warn({ orderId: params.ORDERID?.slice(0, 40) ?? null, channel, problem: message }, 'signed feedback is malformed');
    return { kind: 'invalid', status: 400, message };
  }
  const reference = parsed.data.ORDERID;
  const status = Number(parsed.data.STATUS);
  const outcome = await ctx.repository.mutateTransaction(reference, (current, session, operations) =>
    withOperations(decideFeedback(current, session, { params, status, channel }), current, session, operations, status),
  );
  if (!outcome) {
    ctx.logger.warn({ orderId: reference, status, channel }, 'feedback for an unknown order');
    return { kind: 'unknown-order', status: 404, reference };
  }
  if (outcome.events.length > 0) ctx.webhooks.nudge();
  // A second paid payment of the session is given back; an unpaid end frees a saved-card claim.
  if (outcome.result.changed || PAID_STATES.has(outcome.after.state)) reviewInBackground(ctx, outcome.after);
  const level = outcome.result.mismatch ? 'warn' : 'info';
  ctx.logger[level](
    { reference, status, channel, state: outcome.after.state, outcome: outcome.result.outcome, events: outcome.events.map((e) => e.type) },
    outcome.result.mismatch ? 'feedback amount or currency mismatch' : 'feedback processed',
  );
  return { kind: 'processed', status: 200, transaction: outcome.after, result: outcome.result };
}
