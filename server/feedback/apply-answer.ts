/**
 * A DirectLink answer about a whole payment (new order, query without PAYIDSUB) applied the way a
 * feedback is: the same decision (`decideWithOperations`: amount and currency checked, a state
 * machine that never goes back, the ledger's say once operations exist), in one write under the
 * row lock, logged with channel `query`.
 */
import { awaitsAnotherTry } from '../payments/hosted-page-tries.ts';
import { toFeedbackAmount } from '../../shared/money.ts';
import { canTransition, capturedBeforeCancel, reopenedByCapture, statusInfo, type PaymentState } from '../../shared/status.ts';
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type { AppContext } from '../app-context.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { countBackOfficeLevels, levelOperation, type BackOfficeLevel } from '../domain/back-office-operations.ts';
import { settlementEvents } from '../domain/ledger.ts';
import { OPEN_MAINTENANCE_STATUSES } from '../../shared/maintenance-statuses.ts';
import { newId } from '../ids.ts';
import { CAPTURED_STATES, PAID_STATES, mayOweGiveBack, otherPaidReference } from '../domain/payment-states.ts';
import { transactionView } from '../payments/views.ts';
import type {
  CheckoutSessionRecord,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionDecision,
  TransactionPatch,
  TransactionRecord,
} from '../repository/types.ts';
import { savedCard, type FeedbackResult } from './decide.ts';
import { decideWithOperations, withoutMoney } from './with-operations.ts';
import { duplicatePaymentsPolicy, warnOfDuplicates, withDuplicateAnnounced } from './duplicate-announcement.ts';
import { withSessionRole } from './session-role.ts';
import { AWAITS_QUERY } from '../repository/records/transactions.ts';
import { asPatched } from '../repository/records/operations.ts';

/**
 * What runs once an answer changed a payment: maintenance/duplicates.ts `reviewInBackground` (a
 * second paid payment is given back, an unpaid end frees a saved-card claim). It is passed in, not
 * imported: giving a payment back runs an operation, whose replay may sync, which applies an
 * answer here — a loop of calls that must not be a loop of imports. maintenance/index.ts passes
 * it for every caller.
 */
export type AfterPaymentChange = (ctx: AppContext, transaction: TransactionRecord) => void;

/** States a STATUS puts a payment in when the platform holds or moved the shopper's money. */
const MONEY_MOVED: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);

/**
 * The answer's fields with the names a feedback uses. Its amount is checked like a feedback's:
 * one that says money moved (a STATUS whose state is authorised, captured or refunded) without
 * an amount carries none, so it is a mismatch, never paid (docs/ogone-protocol.md §5, §8). Any
 * other answer without one — a refusal, STATUS 0, often has `amount=""` — is read with the
 * payment's own amount: nothing was paid for it to be wrong about.
 */
export function answerParams(
  reference: string,
  result: DirectLinkResult,
  fallback: { amount: number; currency: string },
): Record<string, string> {
  const currency = result.currency ?? fallback.currency;
  const params: Record<string, string> = {
    ORDERID: reference,
    STATUS: String(result.status),
    CURRENCY: currency,
    NCERROR: result.ncError,
  };
  if (result.amountMinor !== undefined) params['AMOUNT'] = toFeedbackAmount(result.amountMinor, currency);
  else if (!MONEY_MOVED.has(statusInfo(result.status)?.state ?? 'error')) params['AMOUNT'] = toFeedbackAmount(fallback.amount, currency);
  const optional: Array<[string, string | undefined]> = [
    ['PAYID', result.payId],
    ['PM', result.pm],
    ['BRAND', result.brand],
    ['CARDNO', result.cardNumber],
    ['ALIAS', result.alias],
    ['ACCEPTANCE', result.acceptance],
  ];
  for (const [name, value] of optional) if (value) params[name] = value;
  return params;
}

export interface AnswerOptions {
  /** What a query learnt about single operations (maintenance/sync.ts). */
  operationUpdates?: ReadonlyMap<string, MaintenancePatch>;
  keepSyncNeeded?: boolean;
  /**
   * Whether a give-back is owed once this answer's write lands — its try refused, or undone by a
   * 94 / 96 (maintenance/give-back-key.ts giveBackOwedAfter): the write keeps `syncNeeded`, since
   * the review sending the next try runs after it and a process may die in between.
   */
  giveBackOwedAfter?: (
    current: TransactionRecord,
    session: CheckoutSessionRecord,
    operations: readonly MaintenanceOperationRecord[],
    decision: Pick<TransactionDecision<unknown>, 'patch' | 'operations'>,
    updates?: ReadonlyMap<string, MaintenancePatch>,
  ) => boolean;
  /** A refund made outside our API (Ogone's back office), in minor units (maintenance/sync.ts). */
  refundedByPlatform?: number;
  /**
   * `refundedByPlatform` was read under a reversal (94 / 96) on a level of its own whose refund the
   * levels named (maintenance/sync.ts backOfficeRefund): it is all that stands, less or more than
   * was counted — the 94's reading without operations (every refund taken back) does not apply.
   */
  refundsStanding?: boolean;
  /**
   * What Ogone's back office captured of an authorisation before any capture of ours, in minor
   * units: the done capture levels' amounts (maintenance/sync.ts backOfficeCapture); 'unstated'
   * when a level gave none on a payment captured already: the question stays open.
   */
  capturedByPlatform?: number | 'unstated';
  /**
   * Captures and refunds made in the back office beside operations of ours of their kind, each
   * recorded as an operation of its own (domain/back-office-operations.ts, maintenance/sync.ts).
   */
  backOfficeLevels?: readonly BackOfficeLevel[];
  /**
   * History levels none of our operations held that say 94 / 96, or that such a level took back
   * (maintenance/sync.ts takenBackRefunds): recorded as failed refunds of the back office's, so
   * that each is read once — never counted later as a refund done.
   */
  reversalLevels?: readonly BackOfficeLevel[];
  /**
   * A level the query read accounts for the order's 94 / 96 (takenBackRefunds `seen`): not a
   * reversal left to the rule without a level.
   */
  reversalSeen?: boolean;
  /**
   * The payment as read before the question was sent (maintenance/sync.ts): if a feedback or an
   * operation changed it since, the answer may be older than that change — a 92 read before the
   * refusal's STATUS 2 was applied would take the payment back to pending — so nothing is applied
   * and `AnswerOvertaken` is thrown for the caller to ask again.
   */
  readBefore?: TransactionRecord;
  /**
   * The level that deleted the rest of a cancelled authorisation whose capture levels the query
   * counted (`capturedByPlatform`; maintenance/sync.ts deletionLevel): recorded as the back
   * office's cancel once the payment becomes `captured`, so that no capture of it is offered.
   */
  deletionLevel?: BackOfficeLevel;
  /**
   * The query read at most MAX_LEVELS history levels none of ours holds, and more were left
   * unread (maintenance/sync.ts untiedLevels): what awaits the query may be on those, so the
   * levels were not all read — `awaitsQuery` is kept, and the payment flagged for a person.
   */
  levelsLeftUnread?: boolean;
  /**
   * The answer is a query's, the payment's history levels read with it (maintenance/sync.ts): what
   * a feedback left for a query to count (`awaitsQuery`) is counted now, unless an operation of
   * ours is still open — the back office's levels are placed only beside ours all settled.
   */
  levelsRead?: boolean;
}

/** The payment changed between the question and the answer's application (`AnswerOptions.readBefore`). */
export class AnswerOvertaken extends Error {
  constructor(readonly reference: string) {
    super(`payment ${reference} changed while the platform was asked about it`);
    this.name = 'AnswerOvertaken';
  }
}

/**
 * Whether the payment changed since `before` was read (a feedback, an operation, a state):
 * mutate-transaction.ts stamps updatedAt on every change, which two writes in one millisecond share.
 */
export function changedSince(before: TransactionRecord, current: TransactionRecord): boolean {
  // The amounts too: two writes within one millisecond keep updatedAt, and an operation's answer
  // may move an amount alone (found by review r410 on a frozen clock).
  return (
    before.updatedAt !== current.updatedAt ||
    before.state !== current.state ||
    before.lastStatus !== current.lastStatus ||
    before.capturedAmount !== current.capturedAmount ||
    before.refundedAmount !== current.refundedAmount
  );
}

/** Undefined when no transaction has this reference. */
export async function applyAnswer(
  ctx: AppContext,
  reference: string,
  result: DirectLinkResult,
  afterChange: AfterPaymentChange,
  options: AnswerOptions = {},
): Promise<TransactionRecord | undefined> {
  let sessionMode: CheckoutSessionRecord['mode'];
  let reviewOwed = false;
  const outcome = await ctx.repository.mutateTransaction(reference, (current, session, operations, seenPayments) => {
    const { sessionPaymentState, otherPaymentHoldsMoney } = seenPayments;
    sessionMode = session.mode;
    if (options.readBefore && changedSince(options.readBefore, current)) throw new AnswerOvertaken(reference);
    const params = answerParams(reference, result, current);
    // The answer's AMOUNT was the refund's (or the capture's): the order's own amount is what the
    // answer is about — once that order was found to be for our amount (a payment paid by a checked
    // AMOUNT). Before, the head's own AMOUNT is checked as every answer's is: replaced, an order the
    // platform holds for another amount under our ORDERID paid the payment (review r910).
    const amountVerified = PAID_STATES.has(current.state) && !current.amountMismatch;
    if (amountVerified && (options.refundedByPlatform !== undefined || options.capturedByPlatform !== undefined))
      params['AMOUNT'] = toFeedbackAmount(current.amount, current.currency);
    let decision = decideWithOperations(
      current,
      session,
      operations,
      {
        params,
        status: result.status,
        channel: 'query',
        sessionPaymentState,
        otherPaymentHoldsMoney,
      },
      options.operationUpdates,
      { reversalSeen: options.reversalSeen === true, levelsRead: options.levelsRead === true },
    );
    if (options.reversalLevels?.length)
      decision = withReversalLevels(decision, current, operations, options.reversalLevels, ctx.clock.now().toISOString());
    // As this answer leaves our operations: our cancel whose answer was lost, placed on the
    // deletion's level by this very sync, is that deletion — never a back office's beside it (review r1642).
    const deletion = {
      operations: asPatched(operations, options.operationUpdates),
      level: options.deletionLevel,
      now: ctx.clock.now().toISOString(),
    };
    // Before the back office's levels beside ours are counted: they are weighed against what was captured.
    if (options.capturedByPlatform === 'unstated') decision = { ...decision, patch: { ...decision.patch, ...AWAITS_QUERY } };
    else if (options.capturedByPlatform !== undefined)
      decision = withPlatformCapture(
        decision,
        current,
        session,
        options.capturedByPlatform,
        options.refundedByPlatform !== undefined,
        deletion,
      );
    // A capture counted before (ours, or the back office's), the rest deleted since (review r1655).
    else if (options.deletionLevel) decision = withDeletionLevel(decision, current, session, deletion, true);
    if (options.backOfficeLevels?.length)
      decision = withBackOfficeLevels(decision, current, session, operations, options.backOfficeLevels, ctx.clock.now().toISOString());
    if (options.refundedByPlatform !== undefined)
      decision = options.refundsStanding
        ? withRefundsStanding(decision, current, session, options.refundedByPlatform)
        : withPlatformRefund(decision, current, session, options.refundedByPlatform, params);
    const open = operations.some((op) => OPEN_MAINTENANCE_STATUSES.has(options.operationUpdates?.get(op.id)?.status ?? op.status));
    // A paid payment of a session another paid, not flagged yet: its review runs after this
    // write, and a process killed in between must leave it for the reconciler still.
    // Likewise a setup session's verification still authorised: its cancel is owed (§15), and it
    // runs after this write too (the FlexCheckout return's order, a query finding it authorised).
    const state = decision.patch?.state ?? current.state;
    // A give-back this very answer leaves owed (its try refused, or undone by a 94 / 96): the
    // review that sends the next one runs after this write. Undefined where the caller cannot tell.
    const owedAfter = options.giveBackOwedAfter?.(current, session, operations, decision, options.operationUpdates);
    // The verification's cancel bounded as every give-back's tries: once the last failed, a person
    // decides, and a flag kept for it had the reconciler query it every round (review r510).
    // Its role in its session (session-role.ts), on the state every reading above leaves: none is
    // to review when it takes the session over in this very write.
    decision = withSessionRole(decision, current, session, seenPayments);
    reviewOwed =
      (!current.duplicateOf &&
        otherPaidReference(session, current.reference, state) !== undefined &&
        decision.takeOverSessionFrom === undefined) ||
      (session.mode === 'setup' && state === 'authorized' && owedAfter !== false);
    // Not a reason this very answer gives (ours found refused while the head says the back office
    // captured: only the next query, without our operation's update, counts that capture).
    // Nor when the MAX_LEVELS cap left levels unread: cleared, a back-office capture on the 21st
    // untied level was never counted, nor asked about again (review r750).
    const counted = options.levelsRead === true && !open && decision.patch?.awaitsQuery !== true && options.levelsLeftUnread !== true;
    const awaitsQuery = counted ? false : (decision.patch?.awaitsQuery ?? current.awaitsQuery === true);
    // So too an operation of ours the levels could not place: never released while levels were left
    // unread (maintenance/sync.ts operationUpdates, review r790), it would be queried every round.
    if ((awaitsQuery || open) && options.levelsLeftUnread === true) decision = withLevelsLeftUnread(decision, current, session);
    // A refused try on the hosted page, read by a query while the page may still be paid: the
    // shopper may pay the order with the next try, and its feedback may be lost (hosted-page-tries.ts).
    // Only the query that found the refusal, or one asked since while it was awaited: a 2 the
    // page's last feedback brought, synced by hand, is final (review r940).
    // So for an invalid try (0, review r1180).
    const endedUnpaid = (current.state === 'declined' || current.state === 'error') && current.syncNeeded !== true;
    const anotherTry = !endedUnpaid && awaitsAnotherTry(session, { ...current, ...decision.patch }, ctx.clock.now().getTime());
    const syncNeeded = options.keepSyncNeeded === true || open || reviewOwed || awaitsQuery || owedAfter === true || anotherTry;
    // Also over the ledger's own `syncNeeded` (settle: whether an operation is still open), which
    // would otherwise drop a flag kept for a give-back still owed.
    if (syncNeeded !== (current.syncNeeded ?? false) || decision.patch?.syncNeeded !== undefined)
      decision.patch = { ...decision.patch, syncNeeded };
    if (awaitsQuery !== (current.awaitsQuery === true)) decision.patch = { ...decision.patch, awaitsQuery };
    return withDuplicateAnnounced(decision, current, session, duplicatePaymentsPolicy(ctx.config));
  });
  if (outcome && outcome.events.length > 0) {
    ctx.webhooks.nudge();
    warnOfDuplicates(ctx.logger, outcome.events);
  }
  // A query can reveal a second paid payment of the session too (docs/ogone-protocol.md §8), or
  // find one whose give-back is still owed (a failed try, a process that died before sending
  // it) — a duplicate, or a setup session's verification still authorised (§15).
  // And a paid payment of a session another paid, not flagged yet (reviewOwed): its feedback's
  // review was lost (a process killed after answering the platform; the write kept syncNeeded).
  if (outcome && (outcome.after.state !== outcome.before.state || mayOweGiveBack(outcome.after, sessionMode) || reviewOwed))
    afterChange(ctx, outcome.after);
  if (outcome) {
    ctx.logger.info(
      { reference, status: result.status, ncError: result.ncError, state: outcome.after.state, events: outcome.events.map((e) => e.type) },
      'directlink answer applied',
    );
  }
  return outcome?.after;
}

/**
 * What awaits the query may be on history levels the MAX_LEVELS cap left unread, and every sync
 * asks the same oldest ones again: kept, the flag had the reconciler query the payment — the head
 * and 20 levels — every round until its maximum age (Ogone forbids systematic queries, [DL] §5.4).
 * The payment is flagged for a person at once instead (`needsAttention`, one
 * payment.needs_attention, as reconciler/attention.ts does at the maximum age): the reconciler
 * claims no flagged payment, a sync by hand still reads it, and the API keeps refusing what the
 * unread amount decides (domain/ledger.ts planOperation) — the back office shows every level.
 */
function withLevelsLeftUnread(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
): TransactionDecision<FeedbackResult> {
  if (current.needsAttention === true || decision.result.mismatch) return decision;
  const patch: TransactionPatch = { ...decision.patch, needsAttention: true };
  const event = {
    type: 'payment.needs_attention' satisfies WebhookEventType,
    reference: current.reference,
    data: {
      ...transactionView({ ...current, ...patch, awaitsQuery: true, syncNeeded: true }, session),
      reason:
        'more history levels none of our operations holds than one query reads: the amount the platform reported could not be ' +
        "read from them all, and the payment is no longer queried by the reconciler — check it in Ogone's back office",
    },
  };
  return { ...decision, patch, events: [...(decision.events ?? []), event] };
}

/**
 * The back office's levels counted beside the decision (`countBackOfficeLevels`): inserted as
 * operations, the amounts and state raised, one payment.captured / payment.refunded each.
 */
function withBackOfficeLevels(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  operations: readonly MaintenanceOperationRecord[],
  levels: readonly BackOfficeLevel[],
  now: string,
): TransactionDecision<FeedbackResult> {
  if (decision.result.mismatch) return decision;
  const updates = new Map((decision.operations?.update ?? []).map(({ id, patch }) => [id, patch]));
  const count = countBackOfficeLevels({ ...current, ...decision.patch }, operations, updates, levels, now, () => newId('op'));
  if (count.insert.length === 0) return decision;
  const patch = { ...decision.patch, ...count.patch };
  const events = [
    ...(decision.events ?? []),
    ...settlementEvents({ ...current, ...patch }, count.settled, (t) => transactionView(t, session)),
  ];
  return {
    ...decision,
    patch,
    events,
    operations: { ...decision.operations, insert: [...(decision.operations?.insert ?? []), ...count.insert] },
    result: { ...decision.result, outcome: 'applied', changed: decision.result.changed || count.patch.state !== undefined },
  };
}

/**
 * History levels none of our operations holds that say 94 / 96 (maintenance/sync.ts
 * takenBackRefunds), recorded as failed refunds of the back office's, keyed by their PAYIDSUB
 * like its done levels: read once, and never taken for a level of ours later. A level an
 * operation holds by now (a sync at the same time) is left out.
 */
function withReversalLevels(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  operations: readonly MaintenanceOperationRecord[],
  levels: readonly BackOfficeLevel[],
  now: string,
): TransactionDecision<FeedbackResult> {
  if (decision.result.mismatch) return decision;
  const held = new Set(operations.flatMap((op) => (op.payidSub === null ? [] : [op.payidSub])));
  const insert = levels
    .filter((level) => !held.has(level.payIdSub))
    .map((level) => levelOperation(current.reference, level, 'failed', now, newId('op')));
  if (insert.length === 0) return decision;
  return { ...decision, operations: { ...decision.operations, insert: [...(decision.operations?.insert ?? []), ...insert] } };
}

/**
 * STATUS 9 for an authorisation whose capture we never sent: `decideFeedback` reads it as the
 * whole amount captured, while the back office may have captured part of it — the order's STATUS
 * and AMOUNT do not say (docs/ogone-protocol.md §9). The history levels did (`captured`, minor
 * units): the captured amount becomes that, never less than recorded (a copy, two syncs at once,
 * a feedback counted before) nor more than authorised, and the payment `captured`, announced by
 * one payment.captured only when the amount rose. Whatever else the decision says stays: a
 * payment paid only now (its 5 lost) marks its session paid and saves its card as for any 9.
 */
function withPlatformCapture(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  captured: number,
  /** withPlatformRefund replaces the decision's refunds after this (its reading of a head's 8). */
  refundsReplaced: boolean,
  /** The level that deleted the rest of a cancelled authorisation, recorded beside (`deletionLevel`). */
  deletion: { operations: readonly MaintenanceOperationRecord[]; level: BackOfficeLevel | undefined; now: string },
): TransactionDecision<FeedbackResult> {
  if (decision.result.mismatch) return decision;
  // A cancelled authorisation with nothing captured: the back office captured part of it before
  // the rest was deleted — there, or by a cancel of ours sent before its feedback reached us. Its
  // capture counts, a move against TRANSITIONS (shared/status.ts capturedBeforeCancel, review r750).
  const afterCancel = capturedBeforeCancel(current.state, current.capturedAmount);
  // Or cancelled by this very answer (the order's 6, read by a query with status-change requests
  // off): the back office captured part, then deleted the rest — both only the levels say (r1567).
  const deletedNow = current.state === 'authorized' && decision.patch?.state === 'cancelled';
  // Counted only with the deletion recorded beside it (sync.ts deletionLevel): without it the
  // ledger offered a capture of the deleted rest (review r1586). Read as before then.
  if (deletedNow && !deletion.level) return decision;
  // Any other state no capture moves (cancelled with something captured already): read as before.
  if (!CAPTURED_STATES.has(current.state) && !canTransition(current.state, 'captured') && !afterCancel) return decision;
  // No capture of ours settles in this answer (sync.ts reads the levels only then): a captured
  // amount the decision says, and its payment.captured, are its reading of the whole amount.
  const { capturedAmount: _whole, ...kept } = decision.patch ?? {};
  const patch: TransactionPatch = kept;
  const amount = Math.min(current.amount, Math.max(current.capturedAmount, captured));
  const rose = amount > current.capturedAmount;
  /** The state a payment in `from` with `refunded` is in once `amount` is captured. */
  const capturedFrom = (from: PaymentState, refunded: number) =>
    CAPTURED_STATES.has(from) ? reopenedByCapture(from, { captured: amount, refunded }) : 'captured';
  if (rose) {
    patch.capturedAmount = amount;
    patch.state = capturedFrom(patch.state ?? current.state, patch.refundedAmount ?? current.refundedAmount);
  }
  if (patch.state === current.state) delete patch.state;
  const events = (decision.events ?? []).filter(
    (event) => event.type !== 'payment.captured' && !(rose && deletedNow && event.type === 'payment.cancelled'),
  );
  if (rose) {
    // The payment as this capture leaves it: the refunds as this decision leaves them (ours
    // settled, a reversal read: review r740) — unless they are only its reading of a refund STATUS
    // at the head (the whole order refunded), which withPlatformRefund replaces after: announced
    // so, payment.captured said 19.99 refunded of 3.00 captured (review r730). Those are taken as
    // recorded, and withPlatformRefund's payment.refunded follows.
    const state = capturedFrom(current.state, current.refundedAmount);
    const after = refundsReplaced ? { ...current, ...withoutMoney(patch), capturedAmount: amount, state } : { ...current, ...patch };
    events.push({
      type: 'payment.captured' satisfies WebhookEventType,
      reference: current.reference,
      data: transactionView(after, session),
    });
    // Then the rest released, the payment in its data captured with its captured amount (README
    // "Webhooks": read its state, not the type alone), as when the 9 came first.
    if (deletedNow)
      events.push({
        type: 'payment.cancelled' satisfies WebhookEventType,
        reference: current.reference,
        data: transactionView({ ...current, ...patch }, session),
      });
  }
  const changed = patch.state !== undefined;
  const counted = {
    ...decision,
    patch,
    events,
    result: { ...decision.result, changed, outcome: rose ? 'applied' : decision.result.outcome },
  };
  // The deletion recorded as the back office's cancel beside the capture this answer counts; one
  // beside a capture counted before is withDeletionLevel's alone.
  if (rose && (afterCancel || deletedNow)) return withDeletionLevel(counted, current, session, deletion, false);
  return rose ? counted : withDeletionLevel(counted, current, session, deletion, true);
}

/**
 * The back office's deletion of the rest (sync.ts deletionLevel) recorded as its cancel, unless an
 * operation holds its level by now (ours placed on it by this very sync: review r1642). `since`:
 * the capture was counted by an earlier answer — ours, or the back office's a round before — and
 * the deletion came after it: recorded with its `payment.cancelled` (the payment in its data
 * still captured), as long as the payment is captured for less than its amount (review r1639,
 * r1655: unrecorded, a capture of the deleted rest was offered and sent).
 */
function withDeletionLevel(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  deletion: { operations: readonly MaintenanceOperationRecord[]; level: BackOfficeLevel | undefined; now: string },
  since: boolean,
): TransactionDecision<FeedbackResult> {
  const { level } = deletion;
  if (!level || deletion.operations.some((op) => op.payidSub === level.payIdSub)) return decision;
  if (since && !(CAPTURED_STATES.has(current.state) && current.capturedAmount < current.amount)) return decision;
  const cancel = levelOperation(current.reference, level, 'done', deletion.now, newId('op'));
  const released = since
    ? [
        {
          type: 'payment.cancelled' satisfies WebhookEventType,
          reference: current.reference,
          data: transactionView({ ...current, ...decision.patch }, session),
        },
      ]
    : [];
  return {
    ...decision,
    events: [...(decision.events ?? []), ...released],
    operations: { ...decision.operations, insert: [...(decision.operations?.insert ?? []), cancel] },
  };
}

/** States before the capture, from which a refund the platform reports still proves it. */
const BEFORE_CAPTURE: ReadonlySet<string> = new Set(['draft', 'pending', 'declined', 'error', 'expired']);

/**
 * STATUS 8 for a refund we never sent: `decideFeedback` would count the whole captured amount as
 * refunded, and with operations of ours the ledger ignores a refund it did not make. The platform
 * told us how much it was (docs/ogone-protocol.md §9), so a partial refund made in the back office
 * is `partially_refunded` with exactly that amount, announced by one payment.refunded.
 */
function withPlatformRefund(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  refunded: number,
  params: Readonly<Record<string, string>>,
): TransactionDecision<FeedbackResult> {
  if (decision.result.mismatch) return decision;
  const base = { ...current, ...decision.patch };
  const captured = base.capturedAmount || current.amount;
  const amount = Math.min(Math.max(refunded, 0), captured);
  // A capture this same decision counted (withBackOfficeLevels: the back office captured what a
  // full refund left, docs/ogone-protocol.md §9): `refunded` is no longer where the payment ends,
  // and the refund is weighed from `partially_refunded`, as the ledger reopened it.
  const from =
    base.capturedAmount > current.capturedAmount
      ? reopenedByCapture(current.state, { captured, refunded: current.refundedAmount })
      : current.state;
  // Nothing more than we have recorded (a second sync of the same back-office refund, two syncs at
  // once): the head's 8 must not be read as "everything refunded" — the decision kept as it was
  // turned a partial refund of 5.00 into `refunded` 19.99 with a second payment.refunded. Only that
  // reading goes: a capture the same answer counted (ours settled, the back office's level beside
  // it) stays — stripped with it, the ledger said 10.00 captured beside operations of 19.99 — and
  // so does the `partially_refunded` that capture reopened (`from`).
  if (amount <= current.refundedAmount) {
    const { refundedAmount: _refunded, ...kept } = decision.patch ?? {};
    if (kept.state === 'refunded' || kept.state === 'partially_refunded') delete kept.state;
    if (from !== current.state) kept.state = from;
    const events = (decision.events ?? []).filter((event) => event.type !== 'payment.refunded');
    const changed = kept.state !== undefined && kept.state !== current.state;
    return { ...decision, patch: kept, events, result: { ...decision.result, changed } };
  }
  const target = amount < captured ? ('partially_refunded' as const) : ('refunded' as const);
  // From a state before the capture (its 9 late or lost), a refund proves the money was captured,
  // as 94 / 96 do (§6): the payment stayed `pending` for good, its STATUS final, never asked again.
  // Any other move the state machine refuses (a `refunded` payment reported only partly refunded
  // with no capture counted, a cancelled one reported refunded): nothing we know explains the
  // amount. As for ours refused while the platform says its kind was done (domain/ledger.ts
  // settle, `unexplained`), the reason is kept, not the refund given up with it cleared: the
  // reconciler asks again each round and, past RECONCILE_MAX_AGE_DAYS, flags the payment for a
  // person (reconciler/attention.ts). Cleared, nothing would ever count that refund.
  if (target !== from && !canTransition(from, target) && !BEFORE_CAPTURE.has(from))
    return { ...decision, patch: { ...decision.patch, ...AWAITS_QUERY } };
  const patch = { ...decision.patch, capturedAmount: captured, refundedAmount: amount, state: target };
  const after = { ...current, ...patch };
  const events = (decision.events ?? []).filter((event) => event.type !== 'payment.refunded');
  events.push({ type: 'payment.refunded' satisfies WebhookEventType, reference: current.reference, data: transactionView(after, session) });
  const refunding = {
    ...decision,
    patch,
    events,
    result: { ...decision.result, outcome: 'applied' as const, changed: target !== current.state },
  };
  if (PAID_STATES.has(current.state)) return refunding;
  // Paid only now (its 9 lost): its session is paid by it, as decideFeedback marks it for a 9, and
  // the card its shopper saved — confirmed by a 91, or named in this answer — is saved. Unmarked,
  // the session stayed open to a second payment that no give-back followed; the card was lost,
  // the refund's STATUS final.
  const card = decision.alias ? undefined : savedCard({ ...current, ...decision.patch }, session, params, after).alias;
  const cardReplaced = session.mode === 'setup' && Boolean(current.cardReplacedAt);
  return { ...refunding, ...(cardReplaced ? {} : { markSessionPaid: true }), ...(card ? { alias: card } : {}) };
}

/**
 * What the back office's refunds leave standing under a reversal on a level of its own, read from
 * the levels (maintenance/sync.ts backOfficeRefund, `refundsStanding`): the 94 / 96 took back the
 * refund its level names, not every one (docs/ogone-protocol.md §6, §9; reviews r1657, r1675). The
 * decision's reading of the STATUS alone (0 refunded) is replaced by `standing`: lower than counted,
 * one payment.refund_reversed; higher (a refund made since, below the reversal: review r1681), one
 * payment.refunded; the same, nothing. The state follows the amounts, a capture this same answer
 * counted included (withPlatformCapture reopened a refunded payment: review r1678).
 */
function withRefundsStanding(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  standing: number,
): TransactionDecision<FeedbackResult> {
  const base = { ...current, ...decision.patch };
  // Captured by this very answer too: the back office's capture of an authorisation, or a sale's
  // lost 9 the 94 proves (decideFeedback), counted in the same sync (review r1715).
  if (decision.result.mismatch || !CAPTURED_STATES.has(base.state)) return decision;
  const captured = base.capturedAmount || current.amount;
  const amount = Math.min(Math.max(standing, 0), captured);
  const state: PaymentState = amount === 0 ? 'captured' : amount < captured ? 'partially_refunded' : 'refunded';
  const patch: TransactionPatch = { ...withoutMoney(decision.patch), refundedAmount: amount, state };
  if (decision.patch?.capturedAmount !== undefined) patch.capturedAmount = decision.patch.capturedAmount;
  if (patch.refundedAmount === current.refundedAmount) delete patch.refundedAmount;
  if (patch.state === current.state) delete patch.state;
  const events = (decision.events ?? []).filter((event) => event.type !== 'payment.refunded' && event.type !== 'payment.refund_reversed');
  const type: WebhookEventType | undefined =
    amount < current.refundedAmount ? 'payment.refund_reversed' : amount > current.refundedAmount ? 'payment.refunded' : undefined;
  if (type) events.push({ type, reference: current.reference, data: transactionView({ ...current, ...patch }, session) });
  const changed = patch.state !== undefined;
  return {
    ...decision,
    patch,
    events,
    result: { ...decision.result, changed, ...(type ? { outcome: 'applied' as const } : {}) },
  };
}
