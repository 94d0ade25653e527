/**
 * `POST /api/transactions/:reference/capture|refund|cancel`, end to end:
 * 1. under the row lock, the ledger decides (guards, amount, OPERATION) and the operation is
 *    recorded as `sending` — with its Idempotency-Key, so a retry finds it instead of sending again
 *    (and two concurrent requests cannot both pass the guards);
 * 2. the DirectLink maintenance call (PAYID, OPERATION, AMOUNT);
 * 3. under the lock again, the answer: done (9/8/6), pending (91/81/61), uncertain (NCSTATUS 2
 *    or STATUS 92/82/62: 202 "outcome unknown, reconciling" — never a refusal, nothing released,
 *    never sent again, the reconciler settles it with a query; docs/ogone-protocol.md §8),
 *    refused (NCERROR ≠ 0, 93/83/63), or unknown when no answer came (timeout: 504, our payment
 *    unchanged, the reconciler or a sync finds out).
 */
import { NCERROR } from '../../shared/ncerror.ts';
import type { AppContext } from '../app-context.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { isUncertainAnswer } from '../directlink/statuses.ts';
import { PaymentError } from '../domain/payment-error.ts';
import type { AfterPaymentChange } from '../feedback/apply-answer.ts';
import { newId } from '../ids.ts';
import { operationOrigin } from '../domain/back-office-operations.ts';
import { mayStillBePaidOnPage } from '../payments/hosted-page-tries.ts';
import { platformMismatch } from '../payments/livemode.ts';
import { transactionView } from '../payments/views.ts';
import type {
  CheckoutSessionRecord,
  MaintenanceKind,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionRecord,
} from '../repository/types.ts';
import { callDirectLink, refusalMessage, requireDirectLink } from './directlink-failures.ts';
import { giveBackOwedAfter } from './give-back-key.ts';
import {
  isFinalCapture,
  operationOutcome,
  operationView,
  planOperation,
  planRefusalError,
  settle,
  settlementEvents,
} from '../domain/ledger.ts';
import { isAbandoned, releasedUnanswered, syncTransaction } from './sync.ts';
import { AWAITS_QUERY } from '../repository/records/transactions.ts';

export interface OperationResponse {
  status: 200 | 202;
  /** The payment's platform as recorded (payments/livemode.ts), for the route's `livemode`. */
  livemode?: boolean | undefined;
  body: {
    transaction: ReturnType<typeof transactionView>;
    operation: ReturnType<typeof operationView>;
    outcome: 'done' | 'pending' | 'unknown';
    message?: string;
  };
}

type Reservation =
  | { kind: 'new'; operation: MaintenanceOperationRecord; transaction: TransactionRecord }
  | { kind: 'existing'; operation: MaintenanceOperationRecord }
  | { kind: 'refused'; error: PaymentError };

/** `afterChange`: see feedback/apply-answer.ts; callers outside maintenance/ use maintenance/index.ts. */
export async function runOperation(
  ctx: AppContext,
  reference: string,
  kind: MaintenanceKind,
  request: {
    amount?: number | undefined;
    /** A capture that closes the order, releasing the rest (SAS: DirectLink guide §4.1.2; README, Merchant API). */
    final?: boolean | undefined;
    idempotencyKey?: string | undefined;
  },
  afterChange: AfterPaymentChange,
): Promise<OperationResponse> {
  // Refused before anything is reserved when DirectLink is not configured.
  requireDirectLink(ctx);
  const key = request.idempotencyKey ?? null;
  const reserved = await ctx.repository.mutateTransaction<Reservation>(reference, (current, session, operations) => {
    // A payment made on the other platform than this server's (before the go-live switch) is
    // unknown to the one the operation would be sent to — also a retry under its key: an
    // operation that never reached its platform would be sent again (resend), to this one.
    const mismatch = platformMismatch(ctx.config, current, `the payment ${reference}`);
    if (mismatch) return { result: { kind: 'refused', error: mismatch } };
    const existing = key === null ? undefined : operations.find((op) => op.idempotencyKey === key);
    // A key stays its operation's: a capture's key sent to /refund (another path, so another scope
    // for the middleware) is not a new refund (review r1130; README, Merchant API).
    if (existing && existing.kind !== kind)
      return {
        result: {
          kind: 'refused',
          error: new PaymentError(
            'refused',
            'idempotency_key_reused',
            `this Idempotency-Key was used for a ${existing.kind} of ${existing.amount} of this payment: use a new key`,
            { field: 'Idempotency-Key' },
          ),
        },
      };
    if (existing) return { result: { kind: 'existing', operation: existing } };
    // A setup session's payment is a card verification: an authorisation only, cancelled, never
    // captured (docs/ogone-protocol.md §15) — its owner only agreed to save the card. One captured
    // all the same (in the back office) may be refunded: refused too, the money stayed taken.
    if (session.mode === 'setup' && kind === 'capture')
      return {
        result: {
          kind: 'refused',
          error: new PaymentError(
            'conflict',
            'invalid_state',
            'a card verification of a setup session is never captured: it is cancelled automatically',
          ),
        },
      };
    const plan = planOperation(current, operations, kind, request.amount, {
      anotherTryMayCome: mayStillBePaidOnPage(session, current, ctx.clock.now().getTime()),
      final: request.final === true,
    });
    if (!plan.ok) return { result: { kind: 'refused', error: planRefusalError(plan) } };
    const now = ctx.clock.now().toISOString();
    const operation: MaintenanceOperationRecord = {
      id: newId('op'),
      reference,
      kind,
      operation: plan.operation,
      amount: plan.amount,
      status: 'sending',
      ogoneStatus: null,
      payidSub: null,
      ncError: null,
      idempotencyKey: key,
      // A named amount short of what an amount-less request would take now: an amount-less retry
      // under this key must not be answered with it (replay).
      namedPart: plan.amount !== plan.rest,
      // A capture's `final`, as asked — for a part or the whole rest: what the operation reads,
      // what closes the order (domain/ledger.ts isFinalCapture), what a retry must say again.
      ...(kind === 'capture' ? { final: request.final === true } : {}),
      createdAt: now,
      updatedAt: now,
    };
    return { operations: { insert: [operation] }, patch: { syncNeeded: true }, result: { kind: 'new', operation, transaction: current } };
  });
  if (!reserved) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
  const outcome = reserved.result;
  if (outcome.kind === 'refused') throw outcome.error;
  if (outcome.kind === 'existing') return replay(ctx, reference, outcome.operation, request, afterChange);

  return sendOperation(ctx, reference, kind, outcome.operation, outcome.transaction);
}

/** Sends a reserved (`sending`) operation to the platform and records what it answers. */
async function sendOperation(
  ctx: AppContext,
  reference: string,
  kind: MaintenanceKind,
  operation: MaintenanceOperationRecord,
  transaction: TransactionRecord,
): Promise<OperationResponse> {
  const client = requireDirectLink(ctx);
  const answer = await callDirectLink(
    () =>
      client.maintenance({
        payId: transaction.payid!,
        operation: operation.operation,
        amount: operation.amount,
        currency: transaction.currency,
      }),
    async (error) => {
      // No usable answer: the payment stays as it was; the operation keeps its amount reserved
      // until a query says whether the platform got it.
      await updateOperation(ctx, reference, operation.id, { status: error.outcomeUnknown ? 'unknown' : 'failed' });
      ctx.logger.warn({ reference, operation: operation.operation, outcomeUnknown: error.outcomeUnknown }, 'maintenance got no answer');
    },
  );
  const after = await applyMaintenanceAnswer(ctx, reference, operation, answer);
  // The answer as the ledger recorded it: a STATUS 0 without an NCERROR was recorded failed, its
  // amount released, and answered 202 "pending" — settling, which no query would ever settle (review r1362).
  if (answerVerdict(kind, answer) === 'failed') {
    throw new PaymentError('refused', 'refused_by_platform', refusalMessage(answer, `${kind} (${operation.operation})`));
  }
  return respond(ctx, after.transaction, after.operation, after.session);
}

/** The same key again: the recorded operation, never a second call to the platform. */
async function replay(
  ctx: AppContext,
  reference: string,
  operation: MaintenanceOperationRecord,
  request: { amount?: number | undefined; final?: boolean | undefined },
  afterChange: AfterPaymentChange,
): Promise<OperationResponse> {
  const amount = request.amount;
  if (amount !== undefined && amount !== operation.amount) {
    throw new PaymentError(
      'refused',
      'idempotency_key_reused',
      `this Idempotency-Key was used for a ${operation.kind} of ${operation.amount}`,
      { field: 'Idempotency-Key' },
    );
  }
  // A request without an amount asks for all that is left: the key's operation answers it unless
  // its own request named a part. Within the key's day the stored answer refuses another body
  // (http/idempotency.ts); past it, a partial capture replayed as the answer to "capture the rest"
  // left the rest uncaptured while the merchant read it captured (review r790). Operations
  // recorded before migration 0030 do not say, and are replayed as before.
  if (amount === undefined && operation.namedPart === true) {
    throw new PaymentError(
      'refused',
      'idempotency_key_reused',
      `this Idempotency-Key was used for a ${operation.kind} of ${operation.amount}, a part of what was left; name the same amount, or use a new key`,
      { field: 'Idempotency-Key' },
    );
  }
  // A final capture (it closed the order) is not the same request as a capture that did not, nor
  // the reverse — as another amount is not (the middleware refuses another body within the key's
  // day; this holds past it), the whole rest included (review r1725). A capture recorded before
  // migration 0035 does not say what its request asked: an SAS of the whole rest is then the
  // same request either way, as it was.
  if (
    operation.kind === 'capture' &&
    (request.final === true) !== isFinalCapture(operation) &&
    !unrecordedFinalOfRest(operation, request)
  ) {
    throw new PaymentError(
      'refused',
      'idempotency_key_reused',
      `this Idempotency-Key was used for a ${isFinalCapture(operation) ? 'final ' : ''}capture (${operation.operation}) of ${operation.amount}; ` +
        `send the same "final", or use a new key`,
      { field: 'Idempotency-Key' },
    );
  }
  const abandoned = isAbandoned(operation, ctx.clock.now().getTime());
  if (operation.status === 'sending' && !abandoned) throw inProgress();
  let current = operation;
  // An uncertain answer (92, NCSTATUS 2) too: past RECONCILE_MAX_AGE_DAYS the reconciler no longer
  // asks, and this request is what README's Merchant API names to settle it (review r1362: it
  // answered the stored "unknown" again, never asking).
  if (operation.status === 'unknown' || abandoned || isUncertainOperation(operation)) {
    // Find out whether the platform got it before answering (and never send it again).
    await syncTransaction(ctx, reference, afterChange);
    current = (await ctx.repository.listOperations(reference)).find((op) => op.id === operation.id) ?? operation;
    if (current.status === 'unknown' || current.status === 'sending') {
      throw new PaymentError(
        'outcome_unknown',
        'outcome_unknown',
        `the ${operation.kind} got no answer from the platform and a query does not show it yet; it will not be sent again with this Idempotency-Key, try a sync later`,
      );
    }
  }
  // Failed without reaching the platform (the connection refused, or released by a sync as never
  // received): sent again under the same key — what a retry after the first request's 5xx means
  // (the typed client retries so); answered "refused" it left the capture a merchant retried undone.
  if (releasedUnanswered(current)) return resend(ctx, reference, current);
  if (current.status === 'failed') {
    throw new PaymentError(
      'refused',
      'refused_by_platform',
      `this ${operation.kind} failed${current.ncError ? ` (NCERROR ${current.ncError})` : ' (it never reached the platform)'}; use a new Idempotency-Key to try again`,
    );
  }
  const transaction = await ctx.repository.getTransaction(reference);
  return respond(ctx, transaction!, current);
}

/**
 * A capture recorded before migration 0035 as an SAS of the whole rest, asked again with
 * `"final": true`: whether its own request said so is unknown, and an SAS of the rest is what
 * either request sends — replayed, as before that migration.
 */
const unrecordedFinalOfRest = (operation: MaintenanceOperationRecord, request: { final?: boolean | undefined }) =>
  request.final === true && operation.final === undefined && operation.operation === 'SAS';

/** The key's operation is being sent by another request: asked again shortly, its outcome. */
const inProgress = () =>
  new PaymentError('conflict', 'idempotency_in_progress', 'a request with this Idempotency-Key is still being processed', {
    retryAfterSeconds: 5,
  });

/**
 * An operation that failed without reaching the platform, sent again under its key: reserved
 * anew under the payment's row lock — still failed and unanswered (of several retries at once,
 * one takes it; the others are told it is in progress), and still what the ledger allows now (its
 * amount was freed meanwhile and may have been taken by another operation).
 */
async function resend(ctx: AppContext, reference: string, failed: MaintenanceOperationRecord): Promise<OperationResponse> {
  const retaken = await ctx.repository.mutateTransaction<Reservation>(reference, (current, _session, operations) => {
    if (!releasedUnanswered(operationOf(operations, failed.id)))
      return {
        result: {
          kind: 'refused',
          error: inProgress(),
        },
      };
    // A final capture goes again as one (an SAS), never as an SAL leaving the order open.
    const plan = planOperation(current, operations, failed.kind, failed.amount, { final: isFinalCapture(failed) });
    if (!plan.ok) return { result: { kind: 'refused', error: planRefusalError(plan) } };
    if (!sameRequest(plan, failed)) {
      return {
        result: {
          kind: 'refused',
          error: new PaymentError(
            'refused',
            'refused_by_platform',
            `this ${failed.kind} never reached the platform, and the payment has changed since; use a new Idempotency-Key to try again`,
          ),
        },
      };
    }
    const operation: MaintenanceOperationRecord = { ...failed, status: 'sending' };
    return {
      operations: { update: [{ id: failed.id, patch: { status: 'sending' } }] },
      patch: { syncNeeded: true },
      result: { kind: 'new', operation, transaction: current },
    };
  });
  if (!retaken) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
  if (retaken.result.kind === 'refused') throw retaken.result.error;
  if (retaken.result.kind !== 'new') throw new Error('unreachable');
  ctx.logger.info({ reference, operation: failed.operation, id: failed.id }, 'maintenance that never reached the platform sent again');
  return sendOperation(ctx, reference, failed.kind, retaken.result.operation, retaken.result.transaction);
}

/**
 * Whether an operation released as never sent may go again as it was recorded: the same amount,
 * and the same code — or a partial one (SAL, RFD) where the plan now says the closing one (SAS,
 * RFS). Recorded beside another capture then open, the rest was an SAL; that one settled, the plan
 * says SAS, and the retry was refused although nothing that matters changed (found by review
 * r480). Sent as the SAL it was, it captures the same amount and leaves the order open, which is
 * harmless; the other way round (an SAS where another capture is open now) it is refused. A final
 * capture (an SAS) is planned as one again (`resend`): an SAS, or refused beside another capture
 * in flight — never sent as an SAL, which would leave open the order the merchant closed.
 */
function sameRequest(plan: { operation: string; amount: number }, failed: MaintenanceOperationRecord): boolean {
  if (plan.amount !== failed.amount) return false;
  if (plan.operation === failed.operation) return true;
  return (failed.operation === 'SAL' && plan.operation === 'SAS') || (failed.operation === 'RFD' && plan.operation === 'RFS');
}

/**
 * A request's own word on its operation counts only while the operation is still `sending`: one
 * stalled past SENDING_ABANDONED_MS (a paused process, a long wait for the database) may find it
 * placed on its history level and settled by a sync meanwhile (maintenance/sync.ts), and writing
 * its older answer over that — `done` back to `pending` — had the next sync settle it again: one
 * refund counted twice, announced twice.
 */
const stillSending = (op: MaintenanceOperationRecord | undefined) => op?.status === 'sending';

const operationOf = (operations: readonly MaintenanceOperationRecord[], id: string) => operations.find((op) => op.id === id);

async function updateOperation(ctx: AppContext, reference: string, id: string, patch: MaintenancePatch): Promise<void> {
  await ctx.repository.mutateTransaction(reference, (_current, _session, operations) => {
    const stored = operationOf(operations, id);
    return stillSending(stored) || (patch.status === 'unknown' && releasedUnanswered(stored))
      ? { operations: { update: [{ id, patch }] }, result: undefined }
      : { result: undefined };
  });
}

/** Refusals that say the platform's order moved without us (DirectLink guide §4.1.2, §4.4). */
const ORDER_MOVED_ERRORS: ReadonlySet<string> = new Set([NCERROR.CAPTURE_OVERFLOW, NCERROR.WRONG_STATUS, NCERROR.REFUND_OVERFLOW]);

/**
 * What a maintenance answer makes of its operation. Uncertain is pending, never failed: its amount
 * stays reserved until a query tells (§8). STATUS 0 ("invalid or incomplete", DirectLink guide
 * §4.3) is a refusal even without an NCERROR.
 */
function answerVerdict(kind: MaintenanceKind, answer: DirectLinkResult): 'pending' | 'done' | 'failed' {
  if (isUncertainAnswer(answer)) return 'pending';
  if (!answer.ok) return 'failed';
  return operationOutcome(kind, answer.status) ?? (answer.status === 0 ? 'failed' : 'pending');
}

async function applyMaintenanceAnswer(ctx: AppContext, reference: string, operation: MaintenanceOperationRecord, answer: DirectLinkResult) {
  // The session as read under the row lock: the answer's payment view needs it (respond).
  let heldSession: CheckoutSessionRecord | null = null;
  const outcome = await ctx.repository.mutateTransaction(reference, (current, session, operations) => {
    heldSession = session;
    const uncertain = isUncertainAnswer(answer);
    const verdict = answerVerdict(operation.kind, answer);
    const stored = operationOf(operations, operation.id);
    if (stored && !stillSending(stored) && !(verdict !== 'failed' && releasedUnanswered(stored))) return { result: stored };
    const holder =
      answer.payIdSub !== undefined
        ? levelHolder(operations, operation.id, answer.payIdSub)
        : verdict !== 'failed' && releasedUnanswered(stored)
          ? backOfficeTwin(operations, operation)
          : undefined;
    if (holder) return takeBackOfficePlace(operation, holder);
    const change: MaintenancePatch = { status: verdict, ogoneStatus: answer.status, ncError: answer.ok ? null : answer.ncError };
    if (answer.payIdSub !== undefined) change.payidSub = answer.payIdSub;
    const updates = new Map([[operation.id, change]]);
    const settlement = settle(current, operations, updates);
    const patch = { ...settlement.patch };
    // A give-back refused here is owed again; the review sending its next try runs after this write.
    if (
      !patch.syncNeeded &&
      giveBackOwedAfter(ctx, current, session, operations, { patch, operations: { update: [{ id: operation.id, patch: change }] } })
    )
      patch.syncNeeded = true;
    // Refused because the order is not where our ledger puts it: captured or refunded beyond what
    // we counted, or in another status (a back-office operation whose feedback never came, that
    // feedback being an option). Only a query reads what happened (docs/ogone-protocol.md §7);
    // until it has, another operation is refused "sync first" (review r1170).
    if (!answer.ok && !uncertain && ORDER_MOVED_ERRORS.has(answer.ncError)) Object.assign(patch, AWAITS_QUERY);
    // Intermediate statuses (91, 81, 61) are kept: the reconciler queries them.
    if ((answer.ok || uncertain) && answer.status !== 0 && answer.status !== current.lastStatus)
      Object.assign(patch, { lastStatus: answer.status });
    return {
      patch,
      operations: { update: [{ id: operation.id, patch: change }] },
      // The events carry the payment as written, its STATUS included (review r1606: built before
      // the answer's STATUS was added, a capture's event said 5 where the payment said 9).
      events: settlementEvents({ ...current, ...patch }, settlement.settled, (t) => transactionView(t, session)),
      result: { ...operation, ...change },
    };
  });
  if (outcome!.events.length > 0) ctx.webhooks.nudge();
  ctx.logger.info(
    {
      reference,
      operation: operation.operation,
      amount: operation.amount,
      status: answer.status,
      ncError: answer.ncError,
      state: outcome!.after.state,
    },
    'maintenance answered',
  );
  return { transaction: outcome!.after, operation: outcome!.result, session: heldSession as CheckoutSessionRecord | null };
}

/** Another operation not failed that holds the history level `payIdSub`. */
const levelHolder = (operations: readonly MaintenanceOperationRecord[], id: string, payIdSub: number) =>
  operations.find((op) => op.id !== id && op.payidSub === payIdSub && op.status !== 'failed');

/**
 * A back-office operation of the kind and amount of ours, recorded since ours: the level a sync
 * read while ours, released, was arriving after all. An answer without PAYIDSUB (uncertain) cannot
 * name it; left pending beside it, ours held no level for good, its amount reserved and counted,
 * and the back office's later levels of the kind were never counted (sync.ts backOfficeLevels).
 */
const backOfficeTwin = (operations: readonly MaintenanceOperationRecord[], ours: MaintenanceOperationRecord) =>
  operations.find(
    (op) =>
      operationOrigin(op) === 'back_office' &&
      op.status === 'done' &&
      op.kind === ours.kind &&
      op.amount === ours.amount &&
      op.createdAt >= ours.createdAt,
  );

/**
 * The answer names a level another operation holds: a sync read it while this request's answer was
 * on its way — ours released as never sent, its stalled call arriving after all — and recorded it
 * as the back office's (sync.ts backOfficeLevels), counted. Ours takes that operation's place with
 * what the sync read (newer than this answer), and the other becomes `failed`: the level's amount
 * stays counted once, already announced. Settled again, 5.00 + 3.00 refunded read 11.00, and a
 * capture passed the authorised amount. Held by one of ours, the level is that one's: nothing is
 * written over it.
 */
function takeBackOfficePlace(operation: MaintenanceOperationRecord, holder: MaintenanceOperationRecord) {
  if (operationOrigin(holder) !== 'back_office' || holder.kind !== operation.kind) return { result: operation };
  const change: MaintenancePatch = { status: holder.status, ogoneStatus: holder.ogoneStatus, ncError: null, payidSub: holder.payidSub };
  return {
    // The level ours reached may be another one after all (the back office's record was a genuine
    // refund of the same amount, made while ours was released): a sync then finds it untied and
    // counts it. Without the flag nothing asked again, and that refund was never counted; its
    // reason (`awaitsQuery`) keeps it through our next operation's answer until that sync.
    patch: { ...AWAITS_QUERY },
    operations: {
      update: [
        { id: holder.id, patch: { status: 'failed' as const } },
        { id: operation.id, patch: change },
      ],
    },
    result: { ...operation, ...change },
  };
}

/**
 * 200 once done, 202 while the platform processes it. `outcome` says which 202: `pending`
 * (processed offline, 91/81/61) or `unknown` (an uncertain answer, NCSTATUS 2 or 92/82/62), with
 * a message saying what happens next.
 */
async function respond(
  ctx: AppContext,
  transaction: TransactionRecord,
  operation: MaintenanceOperationRecord,
  held?: CheckoutSessionRecord | null,
): Promise<OperationResponse> {
  // With its session, so the payment reads as in GET /api/transactions/:reference and its events:
  // its metadata, and whether it is a setup session's card verification (review r1364). The
  // answer's write held it already; a replay reads it.
  const session = held ?? (await ctx.repository.getSession(transaction.sessionId));
  const outcome = operation.status === 'done' ? 'done' : isUncertainOperation(operation) ? 'unknown' : 'pending';
  return {
    status: operation.status === 'done' ? 200 : 202,
    livemode: transaction.livemode,
    body: {
      transaction: transactionView(transaction, session),
      operation: operationView(operation),
      outcome,
      ...(outcome === 'unknown'
        ? {
            message: uncertainOutcomeMessage(operation, 'reconciler'),
            settledBy: 'reconciler' as const,
          }
        : {}),
    },
  };
}

/**
 * Who settles an uncertain outcome: the reconciler's query, or — on a payment it does not query
 * (older than RECONCILE_MAX_AGE_DAYS, or RECONCILE_INTERVAL_SECONDS=0) — a sync asked by hand or
 * the same request under its Idempotency-Key (README; routes/merchant/transaction-actions.ts).
 */
export type UncertainSettledBy = 'reconciler' | 'sync';

/** The uncertain answer's message: what the platform said, and who settles it (review r1486). */
export function uncertainOutcomeMessage(
  operation: Pick<MaintenanceOperationRecord, 'kind' | 'ogoneStatus' | 'ncError' | 'reference'>,
  settledBy: UncertainSettledBy,
): string {
  const said = `outcome unknown: the platform answered the ${operation.kind} as uncertain (STATUS ${operation.ogoneStatus ?? '?'}${operation.ncError ? `, NCERROR ${operation.ncError}` : ''}); it will not be sent again`;
  return settledBy === 'reconciler'
    ? `${said} and its amount stays reserved while the reconciler queries it`
    : `${said} and its amount stays reserved until a sync reads it: the reconciler does not query this payment (older than RECONCILE_MAX_AGE_DAYS, or RECONCILE_INTERVAL_SECONDS=0), so POST /api/transactions/${operation.reference}/sync, or this request again under its Idempotency-Key, settles it`;
}

function isUncertainOperation(operation: MaintenanceOperationRecord): boolean {
  if (operation.status !== 'pending' || operation.ogoneStatus === null) return false;
  return isUncertainAnswer({ status: operation.ogoneStatus, ncError: operation.ncError ?? NCERROR.OK, ncStatus: undefined });
}
