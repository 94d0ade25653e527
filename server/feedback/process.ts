/**
 * One feedback from Ogone, end to end — what `/payment/ogone/return` (routes/feedback.ts) calls:
 * 1. verify: SHA-OUT, then the parameters (verify.ts);
 * 2. decide: a pure function of the feedback and the payment as it is (decide.ts, with-operations.ts);
 * 3. apply: under the row lock, in one database transaction (apply.ts);
 * then the webhook dispatcher is told and a changed payment is reviewed by `afterChange`, which
 * maintenance/index.ts passes (duplicates.ts): feedback/ never imports maintenance/.
 * The answer says what happened in the payment's terms; the route turns it into HTTP.
 */
import type { AppContext } from '../app-context.ts';
import { PAID_STATES } from '../domain/payment-states.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import type { AfterPaymentChange } from './apply-answer.ts';
import { applyFeedback } from './apply.ts';
import { warnOfDuplicates } from './duplicate-announcement.ts';
import type { FeedbackCaller } from './channel.ts';
import type { FeedbackResult } from './decide.ts';
import { verifyFeedback, type VerifyOptions } from './verify.ts';

export type FeedbackProcessing =
  | { kind: 'rejected'; reason: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'unknown-order'; reference: string }
  /** `session`: the payment's session as the feedback's transaction left it (apply.ts). */
  | { kind: 'processed'; transaction: TransactionRecord; session: CheckoutSessionRecord; result: FeedbackResult };

/**
 * A paid payment that its session, as this feedback's transaction read it, already names as its
 * paid payment: the review (maintenance/duplicates.ts) would read the session again and find
 * nothing to do, because a session's `paid` status and `paidReference` are written once (the
 * write's condition is `status = 'open'`) and never change after — so that read, made on every
 * repeated feedback of a paid payment, is spared. A setup session's payments are always reviewed.
 */
function alreadyTheSessionsPayment(transaction: TransactionRecord, sessionAsRead: CheckoutSessionRecord): boolean {
  return (
    PAID_STATES.has(transaction.state) &&
    sessionAsRead.mode !== 'setup' &&
    sessionAsRead.status === 'paid' &&
    sessionAsRead.paidReference === transaction.reference
  );
}

export async function processFeedback(
  ctx: AppContext,
  raw: Record<string, string>,
  channel: FeedbackCaller,
  afterChange: AfterPaymentChange,
  options: VerifyOptions = {},
): Promise<FeedbackProcessing> {
  const verified = verifyFeedback(ctx, raw, channel, options);
  if (verified.kind !== 'verified') return verified;
  const { reference, status } = verified;
  const outcome = await applyFeedback(ctx, verified, channel);
  if (!outcome) {
    ctx.logger.warn({ orderId: reference, status, channel }, 'feedback for an unknown order');
    return { kind: 'unknown-order', reference };
  }
  if (outcome.events.length > 0) {
    ctx.webhooks.nudge();
    warnOfDuplicates(ctx.logger, outcome.events);
  }
  // A second paid payment of the session is given back; an unpaid end frees a saved-card claim.
  if (outcome.result.changed || PAID_STATES.has(outcome.after.state)) {
    if (!alreadyTheSessionsPayment(outcome.after, outcome.sessionAsRead)) afterChange(ctx, outcome.after);
  }
  const level = outcome.result.mismatch ? 'warn' : 'info';
  ctx.logger[level](
    { reference, status, channel, state: outcome.after.state, outcome: outcome.result.outcome, events: outcome.events.map((e) => e.type) },
    outcome.result.mismatch ? 'feedback amount or currency mismatch' : 'feedback processed',
  );
  return { kind: 'processed', transaction: outcome.after, session: outcome.session, result: outcome.result };
}
