/**
 * Step 3 of a feedback: the decision (with-operations.ts) taken and persisted under the row lock,
 * in one database transaction — the transaction's patch, the feedback log row (or the repeat
 * counted on it, log.ts), the webhook events in the outbox, the saved card, the session marked
 * paid (repository.mutateTransaction). Two copies of one feedback are serialised by that lock,
 * so the second sees the first's state and changes nothing.
 */
import type { AppContext, Reconciliation } from '../app-context.ts';
import { reconcilerSettings, reconcilerWillQuery } from '../config/reconciler-settings.ts';
import { isLivemode } from '../payments/livemode.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import type { FeedbackCaller } from './channel.ts';
import { feedbackCopyKey } from './log.ts';
import { decideWithOperations } from './with-operations.ts';
import { duplicatePaymentsPolicy, withDuplicateAnnounced } from './duplicate-announcement.ts';
import { withSessionRole } from './session-role.ts';

export interface VerifiedFeedback {
  params: Readonly<Record<string, string>>;
  reference: string;
  status: number;
}

/**
 * Undefined when no transaction has this reference. `session` is the payment's session as the
 * transaction left it: the one read under the row lock, marked paid when the decision did
 * (`status = 'open'` is the condition of that write, repository/mutate-transaction.ts) — so the
 * shopper's redirect (destination.ts) needs no read of its own after the commit. `sessionAsRead`
 * is that session before the decision's writes (process.ts).
 */
export async function applyFeedback(
  ctx: Pick<AppContext, 'repository'> & Partial<Pick<AppContext, 'directLink' | 'config' | 'clock' | 'reconciliation'>>,
  feedback: VerifiedFeedback,
  channel: FeedbackCaller,
) {
  const { params, reference, status } = feedback;
  let seen: { session: CheckoutSessionRecord; markedPaid: boolean; tookOver: boolean } | undefined;
  const outcome = await ctx.repository.mutateTransaction(
    reference,
    (current, session, operations, seenPayments) => {
      const { firstReceivedAt, sessionPaymentState, otherPaymentHoldsMoney, personalDataRemoved } = seenPayments;
      const levelsReadBy = levelsReader(ctx, current);
      const decided = decideWithOperations(current, session, operations, {
        params,
        status,
        channel,
        firstReceivedAt,
        sessionPaymentState,
        otherPaymentHoldsMoney,
        ...(personalDataRemoved ? { personalDataRemoved } : {}),
        ...(levelsReadBy ? { levelsReadBy } : {}),
      });
      const decision = withDuplicateAnnounced(
        withSessionRole(decided, current, session, seenPayments),
        current,
        session,
        duplicatePaymentsPolicy(ctx.config),
      );
      seen = { session, markedPaid: decision.markSessionPaid === true, tookOver: decision.takeOverSessionFrom !== undefined };
      return decision;
    },
    { feedbackCopy: () => ({ key: feedbackCopyKey(params), status }) },
  );
  if (!outcome || !seen) return undefined;
  // A setup session's verification learns whether its own UPDATE completed the session: another
  // verification authorised at the same moment (both read it open) may have, and then this card
  // was not saved (repository/mutate-transaction.ts) — the session is read again for what it is.
  const lost = outcome.sessionMarked === false;
  const session: CheckoutSessionRecord = lost
    ? ((await ctx.repository.getSession(seen.session.id)) ?? seen.session)
    : (seen.markedPaid && seen.session.status === 'open') || seen.tookOver
      ? { ...seen.session, status: 'paid', paidReference: reference }
      : seen.session;
  return { ...outcome, session, sessionAsRead: seen.session };
}

/** The reconciler settings' defaults (config/settings.ts), for a context built without them. */
const DEFAULT_RECONCILIATION: Reconciliation = reconcilerSettings({});

/**
 * Who will read this payment's history levels, which alone say how much the back office captured
 * of an authorisation (with-operations.ts capturedOutsideOurApi). Nobody without DirectLink, nor
 * for a payment made for the other platform (never asked: maintenance/sync.ts). The reconciler,
 * when its query — a round after RECONCILE_AFTER_SECONDS — comes before the payment's maximum age;
 * past it, only a sync by hand: the reconciler flags the payment for a person (reviews r710, r720,
 * r740). With the reconciler off (RECONCILE_INTERVAL_SECONDS=0) a sync by hand counts it, as the
 * API's refusals meanwhile say.
 */
function levelsReader(
  ctx: Partial<Pick<AppContext, 'directLink' | 'config' | 'clock' | 'reconciliation'>>,
  current: TransactionRecord,
): 'reconciler' | 'hand' | undefined {
  if (!ctx.directLink) return undefined;
  if (ctx.config && current.livemode !== undefined && current.livemode !== isLivemode(ctx.config)) return undefined;
  return reconcilerWillQuery(ctx.reconciliation ?? DEFAULT_RECONCILIATION, current.createdAt, ctx.clock?.now() ?? new Date())
    ? 'reconciler'
    : 'hand';
}
