/**
 * A second payment of an already paid session (issue 13). Two tabs on Ogone's hosted page cannot
 * be stopped at the platform, so when a payment other than the session's `paidReference` is
 * authorised or captured (feedback or query), it is flagged `duplicateOf`, announced once with
 * `payment.duplicate`, and given back through DirectLink maintenance: cancelled (DES) while only
 * authorised, refunded (RFS) once captured — unless DUPLICATE_PAYMENTS=keep. The operation carries
 * a fixed idempotency key, so the same feedback twice (or three copies at once) sends one refund;
 * one that failed is tried again under a key of its own by the next review (give-back-key.ts), which
 * the payment's feedback or the reconciler's sync brings (the flag sets syncNeeded).
 * The session's paidReference stays the first payment. See docs/ogone-protocol.md §8.
 */
import type { AppContext } from '../app-context.ts';
import { isPaymentError } from '../domain/payment-error.ts';
import { duplicateActionOf, duplicatePaymentsPolicy, warnOfDuplicates } from '../feedback/duplicate-announcement.ts';
import { HOLDS_MONEY_STATES, otherPaidReference, PAID_STATES } from '../domain/payment-states.ts';
import { releaseIfUnpaid } from '../payments/session-claims.ts';
import { duplicatePaymentEvent } from '../payments/views.ts';
import type { TransactionRecord } from '../repository/types.ts';
import { askForNextTry, DUPLICATE_OPERATION_KEY, giveBackKey, giveBackKind, MAX_GIVE_BACK_TRIES } from './give-back-key.ts';
import { runOperation } from './operations.ts';
import { settleVerification } from './setup-verification.ts';

export { DUPLICATE_OPERATION_KEY };

/**
 * What follows a change of a payment: an unpaid end frees a saved-card claim, a paid second
 * payment is flagged and given back. Safe to call any number of times for the same change.
 */
export async function reviewPayment(ctx: AppContext, transaction: TransactionRecord): Promise<void> {
  // Read once, after our own commit (both uses below need that).
  const session = await ctx.repository.getSession(transaction.sessionId);
  // A setup session's payments are card verifications, cancelled once authorised (issue 19).
  if (session?.mode === 'setup') return settleVerification(ctx, session, transaction, reviewInBackground);
  if (!PAID_STATES.has(transaction.state)) {
    await releaseIfUnpaid(ctx, transaction);
    return;
  }
  // Read after our own commit: of two payments marking the session paid, one won (the UPDATE's
  // `status = 'open'` condition) and the other sees the winner here.
  const paidReference = session && otherPaidReference(session, transaction.reference, transaction.state);
  if (!paidReference) return;
  if (!transaction.duplicateOf) {
    const takeOver = await takeOverSession(ctx, session.id, paidReference, transaction.reference);
    if (takeOver === 'kept') {
      // The first payment's money came back meanwhile (a 94 undoing its refund, applied while it
      // was still the session's payment, so not reviewed): it is the second payment now, reviewed
      // against this one. Two payments of one session kept, neither given back, otherwise.
      const first = await ctx.repository.getTransaction(paidReference);
      if (first && HOLDS_MONEY_STATES.has(first.state)) await reviewPayment(ctx, first);
      return;
    }
    // Another payment took the session over meanwhile: reviewed against that one.
    if (takeOver === 'lost') return reviewPayment(ctx, transaction);
  }
  const policy = duplicatePaymentsPolicy(ctx.config);
  const flagged = await ctx.repository.mutateTransaction(transaction.reference, (current, currentSession) => {
    if (current.duplicateOf) return { result: current };
    const after = { ...current, duplicateOf: paidReference, duplicateAction: policy };
    return {
      // syncNeeded: should this process die before the give-back is recorded, the reconciler's
      // sync of the payment reviews it again (maintenance/sync.ts → feedback/apply-answer.ts).
      patch: {
        duplicateOf: paidReference,
        duplicateAction: policy,
        ...(policy === 'keep' || !giveBackKind(current.state) ? {} : { syncNeeded: true }),
      },
      events: [duplicatePaymentEvent(after, currentSession, paidReference, policy)],
      result: after,
    };
  });
  if (!flagged) return;
  if (flagged.events.length > 0) {
    ctx.webhooks.nudge();
    warnOfDuplicates(ctx.logger, flagged.events);
  }
  const current = flagged.after;
  // As announced when it was flagged, by whichever write flagged it (review r1386).
  if (duplicateActionOf(ctx.config, current) === 'keep' || !ctx.directLink) return;
  const kind = giveBackKind(current.state);
  if (!kind) return;
  const idempotencyKey = giveBackKey(await ctx.repository.listOperations(current.reference), DUPLICATE_OPERATION_KEY);
  if (!idempotencyKey) return;
  try {
    // This review follows whatever change the operation's own replay may reveal (operations.ts).
    const done = await runOperation(ctx, current.reference, kind, { idempotencyKey }, reviewInBackground);
    ctx.logger.info({ reference: current.reference, kind, status: done.body.operation.status }, 'duplicate payment given back');
  } catch (error) {
    // Another copy of the same feedback is sending it (409), or it was sent before: one operation.
    if (
      isPaymentError(error) &&
      (error.code === 'idempotency_in_progress' || error.code === 'invalid_state' || error.code === 'nothing_to_refund')
    )
      return;
    // Tried again by the next review of the payment (its feedback again, the reconciler's sync).
    ctx.logger.error(
      { reference: current.reference, kind, idempotencyKey, err: isPaymentError(error) ? error.message : String(error) },
      `duplicate payment could not be given back: tried again by the next sync, at most ${MAX_GIVE_BACK_TRIES} times; or cancel or refund it from the dashboard`,
    );
    await askForNextTry(ctx, current.reference, DUPLICATE_OPERATION_KEY);
  }
}

/**
 * The payment that paid the session holds no money any more — its authorisation cancelled at the
 * platform, refunded in full — when a second one is paid: that one is the session's only payment
 * and becomes its payment, never given back as a duplicate (the shopper paid, the merchant kept
 * nothing, and the session could never be paid again). `held`: the first still holds money;
 * `lost`: another payment took the session over first. The write recording a payment paid does
 * this itself now (feedback/session-role.ts, reviews r1385 and r1387); this is for a payment
 * an earlier release recorded paid and left to its review.
 */
async function takeOverSession(
  ctx: AppContext,
  sessionId: string,
  paidReference: string,
  reference: string,
): Promise<'kept' | 'held' | 'lost'> {
  const first = await ctx.repository.getTransaction(paidReference);
  if (!first || HOLDS_MONEY_STATES.has(first.state)) return 'held';
  if (!(await ctx.repository.movePaidReference(sessionId, paidReference, reference))) return 'lost';
  ctx.logger.info(
    { reference, sessionId, previous: paidReference, previousState: first.state },
    'session paid again after its payment was given back: this payment is kept',
  );
  return 'kept';
}

/** Runs reviewPayment after the answer went out: a DirectLink call must not delay Ogone's feedback. */
export function reviewInBackground(ctx: AppContext, transaction: TransactionRecord): void {
  void reviewPayment(ctx, transaction).catch((error: unknown) => {
    ctx.logger.error(
      { reference: transaction.reference, err: error instanceof Error ? error.message : String(error) },
      'reviewing a payment after its change failed',
    );
  });
}
