/**
 * Capture, refund and cancel as our state machine sees them — pure functions the repository
 * applies under the row lock.
 *
 * Amounts: `capturedAmount` / `refundedAmount` count only operations Ogone confirmed (9, 8, 6
 * final statuses); an operation in flight (sending, pending 91/81/61, uncertain 92/82/62) or
 * whose outcome is unknown (timeout) reserves its amount, so two requests can never together
 * capture more than was authorised or refund more than was captured (DirectLink guide v4.3.3
 * §4: AMOUNT "cannot exceed the original"; docs/ogone-protocol.md §8).
 */
import { OPEN_MAINTENANCE_STATUSES, type MaintenanceStatus } from '../../shared/maintenance-statuses.ts';
import { ogoneAmountProblem } from '../../shared/money.ts';
import { canTransition, capturedBeforeCancel, REFUND_REVERSALS, reopenedByCapture, type PaymentState } from '../../shared/status.ts';
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type { MaintenanceOperation } from '../directlink/requests.ts';
import { UNCERTAIN_STATUSES } from '../directlink/statuses.ts';
import { authorisesOnly, operationOrigin } from './back-office-operations.ts';
import { CAPTURED_STATES } from './payment-states.ts';
import { PaymentError, type PaymentErrorKind } from './payment-error.ts';
import type {
  EventDraft,
  MaintenanceKind,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionPatch,
  TransactionRecord,
} from '../repository/types.ts';

/** Final STATUS of each kind once Ogone processed it, and the refusals (DirectLink guide §4.3; docs/ogone-protocol.md §8). */
const DONE: Record<MaintenanceKind, ReadonlySet<number>> = {
  capture: new Set([9, 95]),
  refund: new Set([8, 7, 84, 85, 74, 75]),
  cancel: new Set([6, 64]),
};
const REFUSED: Record<MaintenanceKind, ReadonlySet<number>> = {
  capture: new Set([93]),
  // 73: the payment deletion a refund became (7 / 74 settle it as done) was refused.
  refund: new Set([83, 94, 73]),
  cancel: new Set([63]),
};
/**
 * Processing (91, 81, 61 — and 71 for a refund carried out as a payment deletion): a feedback or a
 * query tells later.
 */
const PROCESSING: Record<MaintenanceKind, readonly number[]> = { capture: [91], refund: [81, 71], cancel: [61] };

/**
 * Processing, or uncertain — the status after it (92, 82, 72, 62), one of the NCSTATUS 2
 * UNCERTAIN_STATUSES (directlink/statuses.ts): a feedback or a query tells later.
 */
function inFlight(kind: MaintenanceKind, status: number): boolean {
  return PROCESSING[kind].some((code) => status === code || (status === code + 1 && UNCERTAIN_STATUSES.has(status)));
}

/** What an Ogone STATUS says about an operation of `kind`. */
export function operationOutcome(kind: MaintenanceKind, status: number): 'done' | 'failed' | 'pending' | undefined {
  if (DONE[kind].has(status)) return 'done';
  if (REFUSED[kind].has(status)) return 'failed';
  if (inFlight(kind, status)) return 'pending';
  return undefined;
}

/** The kind of operation a history level's STATUS belongs to (query by PAYIDSUB). */
export function kindOfStatus(status: number): MaintenanceKind | undefined {
  for (const kind of ['capture', 'refund', 'cancel'] as const) if (operationOutcome(kind, status)) return kind;
  return undefined;
}

/**
 * A capture STATUS (9, 95) for an authorisation (OPERATION RES, or PAU) that no capture of ours
 * explains — none sent, or all failed: the merchant captured
 * in Ogone's back office, perhaps only part of it. Authorised, or captured by the back office
 * already for less than its amount (its feedback after a second capture is the same as after the
 * first: the order's STATUS 9 and AMOUNT). A feedback saying so leaves the amount to a query
 * (feedback/with-operations.ts), which counts what the history levels say (maintenance/sync.ts
 * `backOfficeCapture`). So too on a `cancelled` authorisation with nothing captured, or one whose
 * cancel of ours is still open (`capturedBeforeCancel`): the back office captured part of it
 * before the rest was deleted — there, or by our cancel sent before its feedback reached us
 * (reviews r750, r770).
 */
export function capturedOutsideOurApi(current: TransactionRecord, ops: readonly MaintenanceOperationRecord[], status: number): boolean {
  if (operationOutcome('capture', status) !== 'done' || !authorisesOnly(current.operation)) return false;
  // Only a capture of ours explains a capture STATUS. A cancel of ours, open or done, never does:
  // the back office captured part before the rest was deleted, and a 9 reaching us while our
  // cancel's answer was lost or still waiting (61) was read as ours and never counted (review r770).
  if (ops.some((op) => captureStands(op))) return false;
  if (capturedBeforeCancel(current.state, current.capturedAmount)) return true;
  if (current.state === 'authorized') return true;
  // Captured for less than authorised, refunds or not: a partial refund of ours (an RFD) leaves the
  // order open, and the back office may capture the next shipment (review r730).
  return CAPTURED_STATES.has(current.state) && current.capturedAmount < current.amount;
}

/**
 * A capture or cancel of ours not failed — sent, open or done: a capture STATUS or a cancel STATUS
 * made elsewhere is read against both (feedback/with-operations.ts doneOutsideOurApi).
 */
export function captureOrCancelStands(op: MaintenanceOperationRecord): boolean {
  return (op.kind === 'capture' || op.kind === 'cancel') && op.status !== 'failed';
}

/**
 * A capture of ours not failed, with `status` as a sync leaves it: the only operation of ours that
 * explains a capture STATUS (`capturedOutsideOurApi`, maintenance/sync.ts backOfficeCapture).
 */
export function captureStands(op: MaintenanceOperationRecord, status: MaintenanceStatus = op.status): boolean {
  return op.kind === 'capture' && status !== 'failed';
}

/**
 * A cancel done — ours, or the back office's a sync recorded from its level — deleted what was left
 * of the authorisation: nothing more can be captured (planOperation), and no other deletion level
 * is recorded beside it (maintenance/sync.ts deletionLevel).
 */
export function restCancelled(ops: readonly MaintenanceOperationRecord[]): boolean {
  return ops.some((op) => op.kind === 'cancel' && op.status === 'done');
}

/**
 * A final capture of ours (`final: true`, README Merchant API): an SAS — "last or full data capture
 * (payment) of an authorised order, closing the transaction after this operation" (DirectLink guide
 * §4.1.2) — whose request said `final` (migration 0035), for a part or for exactly the rest: the
 * merchant closed the order, and it reads so (review r1725: an SAS of the rest asked final read
 * `final: false`, `captureClosed: false`). An ordinary capture of the whole rest is an SAS too, and
 * no final capture. One recorded before migration 0035 does not say: it was final when it named a
 * part (`namedPart`, migration 0030) — only a final capture sends an SAS of a part. The back
 * office's levels are recorded as SAL (sync.ts backOfficeLevels), so only ours read so.
 */
export function isFinalCapture(op: MaintenanceOperationRecord): boolean {
  return op.kind === 'capture' && op.operation === 'SAS' && (op.final ?? op.namedPart === true);
}

/**
 * A final capture not failed — done, or still open (sending, pending, uncertain, unknown): the order
 * is closed at the platform (DirectLink guide §4.1.2), and what was left of the authorisation is
 * never captured — as after a deletion of the rest (`restCancelled`), the payment is `captured`
 * for less than its amount. Refunds stay possible up to what was captured (planOperation).
 */
export function closedByFinalCapture(ops: readonly MaintenanceOperationRecord[]): boolean {
  return ops.some((op) => isFinalCapture(op) && op.status !== 'failed');
}

const CLOSED_BY_FINAL_CAPTURE_MESSAGE = 'the order was closed by a final capture (SAS): nothing more of the authorisation can be captured';

/**
 * The platform reported money our records cannot count yet (`awaitsQuery`, set by
 * feedback/with-operations.ts and the ledger): a capture or refund made in Ogone's back office,
 * or an answer no operation of ours explains, whose amount only the query reading its history
 * levels says. What is captured, and so what is left, is unknown until then: a capture of "the
 * rest" may exceed it, a cancel would delete an authorisation the back office captured from, and a
 * refund of "everything captured" is an RFS of what was counted before, closing the order on what
 * the back office captured since (review r710). Every operation waits for that sync, whatever the
 * reason and whatever STATUS was recorded since — a late 91, a copy of the 5, the back office's 8
 * after its 9 replace it, and a capture of ours beside the back office's hid it (review r750). The
 * flag implies `syncNeeded`: the reconciler's query, or a sync by hand, clears it.
 */
const AWAITS_QUERY_MESSAGE =
  "an operation made in Ogone's back office (or an answer ours does not explain) awaits the query that reads its amount: " +
  'sync the payment (POST /api/transactions/:reference/sync), then try again';

const openOf = (ops: readonly MaintenanceOperationRecord[], kind: MaintenanceKind) =>
  ops.filter((op) => op.kind === kind && OPEN_MAINTENANCE_STATUSES.has(op.status));
const sum = (ops: readonly MaintenanceOperationRecord[]) => ops.reduce((total, op) => total + op.amount, 0);

/**
 * Why the ledger will not send an operation: the request's amount is wrong (`invalid`) or the
 * payment's state or amounts left do not allow it (`conflict`). A domain answer, not an HTTP one:
 * `planRefusalError` makes it the PaymentError the API answers.
 */
export type PlanRefusal = {
  ok: false;
  kind: Extract<PaymentErrorKind, 'invalid' | 'conflict'>;
  code: 'invalid_request' | 'invalid_state' | 'amount_too_large' | 'nothing_to_capture' | 'nothing_to_refund';
  message: string;
  field?: 'amount';
  /**
   * The refusal holds only while an operation is in flight or the query is awaited (`awaitsQuery`):
   * the API says when to ask again (Retry-After), and such an answer is not kept as the
   * Idempotency-Key's outcome (http/idempotency.ts) — kept, the key's retry was refused for a day
   * after what was in flight had settled (review r920).
   */
  retryAfterSeconds?: number;
};
/**
 * `rest`: what the same request without an amount would take now — all that is left to capture or
 * refund, the whole authorisation for a cancel. `amount` below it is a part the request named.
 */
export type Plan = { ok: true; kind: MaintenanceKind; operation: MaintenanceOperation; amount: number; rest: number } | PlanRefusal;

const refuse = (kind: PlanRefusal['kind'], code: PlanRefusal['code'], message: string, field?: 'amount'): PlanRefusal =>
  field ? { ok: false, kind, code, message, field } : { ok: false, kind, code, message };

export function planRefusalError(refusal: PlanRefusal): PaymentError {
  return new PaymentError(refusal.kind, refusal.code, refusal.message, {
    field: refusal.field,
    ...(refusal.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds }),
  });
}

/** The Retry-After of a refusal that holds only while something is in flight: a hint, operations settle in seconds to minutes. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 30;

/**
 * Decides whether a capture, refund or cancel may be sent, for how much and with which
 * OPERATION: SAS/SAL (last or full / partial capture), RFS/RFD (last or full / partial refund),
 * DES (delete the whole authorisation and close; DEL, a part, is never sent: see the cancel case).
 */
export function planOperation(
  t: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  kind: MaintenanceKind,
  requested: number | undefined,
  options: {
    /** The shopper may still pay this order on the hosted page (a refused try, payments/hosted-page-tries.ts). */
    anotherTryMayCome?: boolean;
    /**
     * A capture that closes the order whatever it leaves (`final: true`): sent as SAS for its
     * amount, part of the rest or all of it (DirectLink guide §4.1.2).
     */
    final?: boolean;
  } = {},
): Plan {
  const { anotherTryMayCome = false, final = false } = options;
  const plan = planNow(t, ops, kind, requested, final);
  if (plan.ok) return plan;
  // "Sync the payment, then try again": what the query reads (a back-office capture's amount)
  // cannot be planned ahead, so that refusal always holds only for now (review r970).
  if (plan.message === AWAITS_QUERY_MESSAGE) return { ...plan, retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS };
  // Refused for a state a feedback or a query may still change (no PAYID yet, pending, a query
  // awaited, a refused try the shopper may follow with another): kept under its key, a capture
  // refused while a charge's lost answer awaited its query was replayed after the query found the
  // payment authorised (reviews r1000, r1030).
  if (plan.code === 'invalid_state' && (stillSettling(t) || anotherTryMayCome))
    return { ...plan, retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS };
  if (!ops.some((op) => OPEN_MAINTENANCE_STATUSES.has(op.status))) return plan;
  // The same request once what is in flight has settled, either way: another answer (sent, or
  // refused for another reason) means this refusal holds only for now.
  const settled = [settledAs(t, ops, 'failed'), settledAs(t, ops, 'done')].map((after) =>
    planNow(after.t, after.ops, kind, requested, final),
  );
  return settled.some((other) => other.ok || other.code !== plan.code)
    ? { ...plan, retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS }
    : plan;
}

/** A payment whose state is not the last word yet: a draft, a pending payment, or one awaiting a query. */
function stillSettling(t: TransactionRecord): boolean {
  return t.state === 'draft' || t.state === 'pending' || t.syncNeeded === true;
}

/**
 * The payment once every operation in flight has ended `outcome` — done: its amount captured or
 * refunded, or the authorisation cancelled. Only what planNow reads.
 */
function settledAs(
  t: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  outcome: 'failed' | 'done',
): { t: TransactionRecord; ops: MaintenanceOperationRecord[] } {
  const after: TransactionRecord = { ...t };
  const ended = ops.map((op) => {
    if (!OPEN_MAINTENANCE_STATUSES.has(op.status)) return op;
    if (outcome === 'done') {
      if (op.kind === 'capture') {
        after.capturedAmount += op.amount;
        if (after.state === 'authorized') after.state = 'captured';
      } else if (op.kind === 'refund') after.refundedAmount += op.amount;
      else after.state = 'cancelled';
    }
    return { ...op, status: outcome };
  });
  return { t: after, ops: ended };
}

function planNow(
  t: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  kind: MaintenanceKind,
  requested: number | undefined,
  final: boolean,
): Plan {
  // Refused at entry, before any state check: an amount Ogone's AMOUNT (× 100) cannot carry
  // in this currency (1.234 KWD) is never sent, nor recorded (docs/ogone-protocol.md §2).
  const amountProblem = requested === undefined ? undefined : ogoneAmountProblem(requested, t.currency);
  if (amountProblem) return refuse('invalid', 'invalid_request', `amount: ${amountProblem}`, 'amount');
  if (!t.payid)
    return refuse('conflict', 'invalid_state', `this payment has no PAYID yet (state ${t.state}); nothing can be ${verb(kind)}`);
  if (t.awaitsQuery === true) return refuse('conflict', 'invalid_state', AWAITS_QUERY_MESSAGE);
  const cancelled = t.state === 'cancelled' || openOf(ops, 'cancel').length > 0;
  const tooMuch = (left: number, what: string) =>
    refuse('invalid', 'amount_too_large', `amount: at most ${left} minor units can still be ${what} (requested ${requested})`, 'amount');
  switch (kind) {
    case 'capture': {
      if (cancelled) return refuse('conflict', 'invalid_state', 'a cancelled payment cannot be captured');
      // Captured by the back office before the rest of the authorisation was deleted (a cancel of
      // ours done, or the back office's recorded from its level: feedback/apply-answer.ts
      // withPlatformCapture): what is left was never authorised any more.
      if (restCancelled(ops))
        return refuse('conflict', 'invalid_state', 'the rest of the authorisation was cancelled: nothing more can be captured');
      // Closed by a final capture of ours, done or still open: a capture arriving after an SAS is
      // refused by the platform (50001127; DirectLink guide §4.1.2), and what was left was released.
      if (closedByFinalCapture(ops)) return refuse('conflict', 'invalid_state', CLOSED_BY_FINAL_CAPTURE_MESSAGE);
      if (t.state !== 'authorized' && t.state !== 'captured')
        return refuse('conflict', 'invalid_state', `a payment in state ${t.state} cannot be captured`);
      if (t.refundedAmount > 0 || openOf(ops, 'refund').length > 0)
        return refuse('conflict', 'invalid_state', 'a payment with refunds cannot be captured again');
      const left = t.amount - t.capturedAmount - sum(openOf(ops, 'capture'));
      if (left <= 0) return refuse('conflict', 'nothing_to_capture', 'the whole authorised amount is captured or being captured');
      const amount = requested ?? left;
      if (amount > left) return tooMuch(left, 'captured');
      // A final capture is an SAS, which closes the order: beside another capture in flight it
      // could reach the platform first, and that one would be refused (50001127) — or, sent as
      // SAL, it would not close the order. Refused until the other has settled.
      if (final) {
        if (openOf(ops, 'capture').length > 0)
          return refuse(
            'conflict',
            'invalid_state',
            'another capture of this payment is still being processed: a final capture (SAS) closes the order, send it once that one has settled',
          );
        return { ok: true, kind, operation: 'SAS', amount, rest: left };
      }
      // SAS closes the order ("last or full capture", [DL] §4.1.2) — only when no other capture
      // is in flight: nothing orders two requests on the wire, and one arriving after an SAS is
      // refused (50001127), its money never captured. The rest beside one is an SAL, as a refund
      // beside an open refund is an RFD (docs/ogone-protocol.md §8).
      return { ok: true, kind, operation: amount === t.amount - t.capturedAmount ? 'SAS' : 'SAL', amount, rest: left };
    }
    case 'refund': {
      // The mirror of "a payment with refunds cannot be captured again": a refund of everything
      // captured so far is an RFS, which closes the order at the platform, and the capture still
      // being processed would then leave money captured that no refund can reach (50001127); and
      // a refund settled first would mark the payment refunded for good. Said first: a payment's
      // first capture in flight is no reason to cancel instead.
      if (openOf(ops, 'capture').length > 0)
        return refuse('conflict', 'invalid_state', 'a capture of this payment is still being processed: refund once it has settled');
      if (t.capturedAmount <= 0) {
        return refuse(
          'conflict',
          'invalid_state',
          cancelled
            ? 'a cancelled payment cannot be refunded'
            : `nothing was captured (state ${t.state}): cancel the authorisation instead`,
        );
      }
      const left = t.capturedAmount - t.refundedAmount - sum(openOf(ops, 'refund'));
      if (left <= 0) return refuse('conflict', 'nothing_to_refund', 'everything captured is refunded or being refunded');
      const amount = requested ?? left;
      if (amount > left) return tooMuch(left, 'refunded');
      return { ok: true, kind, operation: amount === t.capturedAmount - t.refundedAmount ? 'RFS' : 'RFD', amount, rest: left };
    }
    case 'cancel': {
      if (cancelled) return refuse('conflict', 'invalid_state', 'this payment is already cancelled or being cancelled');
      if (t.state !== 'authorized')
        return refuse(
          'conflict',
          'invalid_state',
          `a payment in state ${t.state} cannot be cancelled${t.capturedAmount > 0 ? ': refund it instead' : ''}`,
        );
      if (t.capturedAmount > 0 || openOf(ops, 'capture').length > 0)
        return refuse('conflict', 'invalid_state', 'a payment with captures cannot be cancelled: refund it instead');
      const amount = requested ?? t.amount;
      if (amount > t.amount) return tooMuch(t.amount, 'cancelled');
      // The guides do not say what a DEL of part of an authorisation leaves capturable
      // (docs/ogone-protocol.md §14): a cancel voids the whole authorisation, as the dashboard says,
      // and what the merchant keeps is captured instead.
      if (amount !== t.amount)
        return refuse(
          'invalid',
          'invalid_request',
          `amount: a cancel voids the whole authorisation (${t.amount} minor units); capture the amount to keep instead`,
          'amount',
        );
      return { ok: true, kind, operation: 'DES', amount, rest: t.amount };
    }
  }
}

function verb(kind: MaintenanceKind): string {
  return kind === 'capture' ? 'captured' : kind === 'refund' ? 'refunded' : 'cancelled';
}

export interface Settlement {
  patch: TransactionPatch;
  /** The payment's state and amounts after the settled operations. */
  after: TransactionRecord;
  settled: MaintenanceOperationRecord[];
}

/**
 * Applies operations that just became `done`: amounts grow, the state follows (never going back),
 * and the transaction is kept for the reconciler while anything is still open.
 */
export function settle(
  t: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
): Settlement {
  let captured = t.capturedAmount;
  let refunded = t.refundedAmount;
  let state: PaymentState = t.state;
  const settled: MaintenanceOperationRecord[] = [];
  for (const op of ops) {
    const change = updates.get(op.id);
    if (!change || change.status !== 'done' || op.status === 'done') continue;
    settled.push({ ...op, ...change });
    let target: PaymentState;
    if (op.kind === 'capture') {
      captured += op.amount;
      target = 'captured';
    } else if (op.kind === 'refund') {
      refunded += op.amount;
      target = refunded >= captured ? 'refunded' : 'partially_refunded';
    } else {
      target = 'cancelled';
    }
    if (target !== state && canTransition(state, target)) state = target;
  }
  // A capture of ours settled after a refund of everything captured before it (the back office's,
  // counted while ours was in flight): the payment is partly refunded again.
  if (captured > t.capturedAmount) state = reopenedByCapture(state, { captured, refunded });
  const stillOpen = ops.some((op) => OPEN_MAINTENANCE_STATUSES.has(updates.get(op.id)?.status ?? op.status));
  // Ours failed, while the platform's last STATUS says that kind was done (a 9 from the back office
  // arrived while our capture was being sent, then ours was refused as the order was captured):
  // nothing of ours explains it now, and only a query re-reads it so (feedback/with-operations.ts,
  // doneOutsideOurApi). Without the flag the payment stayed authorized, its STATUS final, for good.
  // A capture and a cancel answer for each other: a cancel made there while our capture was being
  // sent is as unexplained as a capture (doneOutsideOurApi weighs both kinds).
  const explains = (kind: MaintenanceKind): MaintenanceKind[] => (kind === 'refund' ? ['refund'] : ['capture', 'cancel']);
  const unexplained = ops.some(
    (op) =>
      updates.get(op.id)?.status === 'failed' &&
      op.status !== 'failed' &&
      t.lastStatus !== null &&
      explains(op.kind).some((kind) => operationOutcome(kind, t.lastStatus!) === 'done'),
  );
  // A feedback's money only a query can count (`awaitsQuery`, set by feedback/with-operations.ts)
  // keeps the flag whatever our own operations say: the answer of our next one, or a late feedback
  // of ours, cleared it before the reconciler's round, and the back office's amount was never counted.
  const patch: TransactionPatch = { syncNeeded: stillOpen || unexplained || t.awaitsQuery === true };
  if (unexplained) patch.awaitsQuery = true;
  if (captured !== t.capturedAmount) patch.capturedAmount = captured;
  if (refunded !== t.refundedAmount) patch.refundedAmount = refunded;
  if (state !== t.state) patch.state = state;
  return { patch, after: { ...t, ...patch }, settled };
}

/**
 * A refund that was `done` undone by the platform (94 refund declined by the acquirer, 96 refund
 * reversed: docs/ogone-protocol.md §6): its amount is no longer refunded, and the payment is
 * `captured` once nothing refunded is left, `partially_refunded` while another refund still
 * counts — like REFUND_REVERSALS, a move against TRANSITIONS, since the money came back to the
 * merchant. The amount is taken off what is recorded, which may count refunds without an
 * operation (a back-office refund read before ours), never below nothing.
 */
export function undoRefund(t: TransactionRecord, undone: MaintenanceOperationRecord, status: number): Settlement {
  const refunded = Math.max(t.refundedAmount - undone.amount, 0);
  const state: PaymentState = refunded === 0 ? 'captured' : refunded < t.capturedAmount ? 'partially_refunded' : 'refunded';
  const patch: TransactionPatch = {};
  if (refunded !== t.refundedAmount) patch.refundedAmount = refunded;
  if (state !== t.state) patch.state = state;
  return { patch, after: { ...t, ...patch }, settled: [{ ...undone, status: 'failed', ogoneStatus: status }] };
}

/**
 * The change of a refund the platform had done and the acquirer took back (94, 96): failed with
 * that STATUS, and recorded as a reversal (`reversed_at`, migration 0025), which is what tells it
 * from a refund refused before it was done (feedback/with-operations.ts explainedByReversal).
 */
export function reversedRefund(status: number): MaintenancePatch {
  return { status: 'failed', ogoneStatus: status, reversed: true };
}

/** A refund failed with 94 / 96: refused before it was done, or done and taken back. */
export function failedWithReversalStatus(op: MaintenanceOperationRecord): boolean {
  return op.kind === 'refund' && op.status === 'failed' && op.ogoneStatus !== null && REFUND_REVERSALS.has(op.ogoneStatus);
}

/**
 * One webhook per settled operation: payment.captured, payment.refunded, payment.cancelled — or
 * `announced` for each (a refund taken back is announced by payment.refund_reversed: the money is
 * back with the merchant, and nothing was captured anew). The operation rides beside the payment's
 * view as `settledOperation`: written over the view's `operation` (the order's RES / SAL), the
 * same event type had two shapes, and a backend validating with the shared transaction schema
 * refused every capture made through the API (review r1364).
 */
export function settlementEvents(
  after: TransactionRecord,
  settled: readonly MaintenanceOperationRecord[],
  view: (t: TransactionRecord) => unknown,
  announced?: WebhookEventType,
): EventDraft[] {
  const type: Readonly<Record<MaintenanceKind, WebhookEventType>> = {
    capture: 'payment.captured',
    refund: 'payment.refunded',
    cancel: 'payment.cancelled',
  };
  return settled.map((op) => ({
    type: announced ?? type[op.kind],
    reference: after.reference,
    data: { ...(view(after) as object), settledOperation: operationView(op) },
  }));
}

export function operationView(op: MaintenanceOperationRecord) {
  return {
    id: op.id,
    kind: op.kind,
    operation: op.operation,
    amount: op.amount,
    status: op.status,
    ogoneStatus: op.ogoneStatus,
    payidSub: op.payidSub,
    ncError: op.ncError,
    origin: operationOrigin(op),
    // A final capture: it closed the order, releasing the rest (isFinalCapture) — a payment.captured
    // event's `settledOperation` says so.
    final: isFinalCapture(op),
    createdAt: op.createdAt,
  };
}

/**
 * What a STATUS says about the operations in flight. A status-change feedback naming its history
 * level (PAYIDSUB, `payIdSub`) answers for our operation on that level only, or for none of ours
 * (the back office's level). Without one, it is about the whole payment: Ogone keeps 91 / 81 / 61
 * until the last one is processed, yet a late first copy of one operation's feedback looks the
 * same — a 9 or an 83 of level 1 read as the answer of level 2, still processing or uncertain,
 * settled a capture the platform may refuse or released a refund it was still making, whose amount
 * then went out again. So it settles an operation only when that is the one operation of its kind
 * not failed: with several, a query by PAYIDSUB tells each one's (maintenance/sync.ts). Nor when
 * another of its kind failed with this very STATUS: the late feedback of that one's refusal (a
 * query had settled it by its level; the feedback carries no PAYIDSUB, [ADV] §9.2.3.1) failed a
 * refund sent since, still processing, and released its amount (review r640). Operations with an
 * unknown outcome are left to that query too. A feedback that may be about a level none of ours
 * holds is not read here at all (feedback/with-operations.ts unknownLevelBelowOurs, review r1130).
 */
export function updatesFromOverallStatus(
  ops: readonly MaintenanceOperationRecord[],
  status: number,
  payIdSub?: number,
): Map<string, MaintenancePatch> {
  const updates = new Map<string, MaintenancePatch>();
  for (const op of ops) {
    if (op.status !== 'pending') continue;
    const outcome = operationOutcome(op.kind, status);
    if (outcome !== 'done' && outcome !== 'failed') continue;
    const answers =
      payIdSub !== undefined
        ? op.payidSub === payIdSub
        : !ops.some(
            (other) =>
              other !== op &&
              other.kind === op.kind &&
              (other.status !== 'failed' || (outcome === 'failed' && other.ogoneStatus === status)),
          );
    if (answers) updates.set(op.id, { status: outcome, ogoneStatus: status });
  }
  return updates;
}
