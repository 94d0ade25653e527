/**
 * Captures and refunds made in Ogone's back office beside operations of ours. Once a payment has
 * an operation of ours of a kind, our ledger owns that kind's amount (domain/ledger.ts), and the
 * head answer's STATUS no longer says how much moved: our 5.00 refund plus 3.00 given back in the
 * back office stayed 5.00, and our 10.00 capture plus the back office's 9.99 stayed 10.00 — a
 * later "refund everything" was then sent as RFS 10.00. A sync finds such a history level (one
 * none of our operations holds, docs/ogone-protocol.md §9) and records it as an operation of its
 * own, keyed by its PAYIDSUB, so the ledger counts it once, whichever instance syncs, however
 * often.
 */
import type { PaymentState } from '../../shared/status.ts';
import { canTransition, reopenedByCapture } from '../../shared/status.ts';
import type {
  MaintenanceKind,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionPatch,
  TransactionRecord,
} from '../repository/types.ts';

const KEY = /^back-office:\d+$/;

/**
 * OPERATIONs of a new payment that only authorise it (RES, and PAU, which falls back to RES:
 * docs/ogone-protocol.md §4): its captures are later operations, of any amount up to the
 * authorised one, each on a history level of its own. A capture made in the back office before
 * any of ours is then counted from those levels (docs/ogone-protocol.md §9), never from the
 * order's STATUS 9 and AMOUNT.
 */
export function authorisesOnly(operation: string): boolean {
  return operation === 'RES' || operation === 'PAU';
}

/** The Idempotency-Key of the operation a back-office history level is recorded as (one per level and payment). */
export const backOfficeKey = (payIdSub: number): string => `back-office:${payIdSub}`;

/** Whether `key` names a back-office level's operation: the merchant API refuses it as a key of its own. */
export function isBackOfficeKey(key: string): boolean {
  return KEY.test(key);
}

/** Who made an operation: this server (the merchant API, an automatic give-back) or Ogone's back office. */
export function operationOrigin(op: Pick<MaintenanceOperationRecord, 'idempotencyKey'>): 'ogone_checkout' | 'back_office' {
  return op.idempotencyKey !== null && isBackOfficeKey(op.idempotencyKey) ? 'back_office' : 'ogone_checkout';
}

/**
 * The operation a history level none of ours holds is recorded as: `done` when counted, `failed`
 * when the level was taken back (94 / 96, maintenance/sync.ts takenBackRefunds).
 */
export function levelOperation(
  reference: string,
  level: BackOfficeLevel,
  status: 'done' | 'failed',
  now: string,
  id: string,
): MaintenanceOperationRecord {
  return {
    id,
    reference,
    kind: level.kind,
    // The platform does not say which OPERATION made the level; `origin` says it was not ours.
    operation: level.kind === 'capture' ? 'SAL' : level.kind === 'refund' ? 'RFD' : 'DES',
    amount: level.amount,
    status,
    ogoneStatus: level.status,
    payidSub: level.payIdSub,
    ncError: null,
    idempotencyKey: backOfficeKey(level.payIdSub),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A history level a sync found done that none of our operations holds: a capture or refund, or
 * the cancel that deleted the rest of an authorisation the back office captured part of
 * (maintenance/sync.ts deletionLevel).
 */
export interface BackOfficeLevel {
  kind: MaintenanceKind;
  payIdSub: number;
  status: number;
  amount: number;
}

export interface BackOfficeCount {
  /** The operations to insert: the levels still held by no operation under the row lock. */
  insert: MaintenanceOperationRecord[];
  /** The payment's amounts and state with them counted; empty when they change nothing. */
  patch: TransactionPatch;
  /** The inserted operations that moved an amount, one webhook each. */
  settled: MaintenanceOperationRecord[];
}

/**
 * Under the row lock: `t` is the payment with the decision's patch applied, `ops` its operations
 * and `updates` what the same decision changes in them. A level that an operation holds by now (a
 * sync at the same time recorded it, an answer of ours arrived) is left out. An amount becomes at
 * least what the done operations add up to — never less than recorded: a capture counted whole
 * from a STATUS 9, or a refund from a sync without operations (feedback/apply-answer.ts
 * `withPlatformRefund`), is in the amount already, its level then recorded without counting twice.
 */
export function countBackOfficeLevels(
  t: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  levels: readonly BackOfficeLevel[],
  now: string,
  newId: () => string,
): BackOfficeCount {
  const held = new Set<number>();
  for (const op of ops) {
    const sub = updates.get(op.id)?.payidSub ?? op.payidSub;
    if (sub !== null && sub !== undefined) held.add(sub);
  }
  const insert = levels
    .filter((level) => !held.has(level.payIdSub))
    .map((level) => levelOperation(t.reference, level, 'done', now, newId()));
  if (insert.length === 0) return { insert, patch: {}, settled: [] };
  /** What our operations of `kind` done by now add up to, before the levels inserted. */
  const doneOfOurs = (kind: MaintenanceKind) =>
    ops.filter((op) => op.kind === kind && (updates.get(op.id)?.status ?? op.status) === 'done').reduce((sum, op) => sum + op.amount, 0);
  const inserted = (kind: MaintenanceKind) => insert.filter((op) => op.kind === kind);
  const done = (kind: MaintenanceKind) => inserted(kind).reduce((sum, op) => sum + op.amount, doneOfOurs(kind));
  // Never beyond the authorised amount, whatever the operations add up to.
  const captured = Math.min(t.amount, Math.max(t.capturedAmount, done('capture')));
  const refunded = Math.min(captured, Math.max(t.refundedAmount, done('refund')));
  let state: PaymentState = t.state;
  const move = (target: PaymentState) => {
    if (target !== state && canTransition(state, target)) state = target;
  };
  if (captured > t.capturedAmount) {
    move('captured');
    // After a full refund: what was refunded is no longer all that was captured.
    state = reopenedByCapture(state, { captured, refunded });
  }
  if (refunded > t.refundedAmount) move(refunded >= captured ? 'refunded' : 'partially_refunded');
  const patch: TransactionPatch = {};
  if (captured !== t.capturedAmount) patch.capturedAmount = captured;
  if (refunded !== t.refundedAmount) patch.refundedAmount = refunded;
  if (state !== t.state) patch.state = state;
  // Announced: the levels that raise the amount, in level order — not those already in it (a
  // refund read before we made one was announced then).
  const settled: MaintenanceOperationRecord[] = [];
  for (const kind of ['capture', 'refund'] as const) {
    if ((kind === 'capture' ? patch.capturedAmount : patch.refundedAmount) === undefined) continue;
    const recorded = kind === 'capture' ? t.capturedAmount : t.refundedAmount;
    let counted = doneOfOurs(kind);
    for (const op of inserted(kind).sort((a, b) => a.payidSub! - b.payidSub!)) {
      counted += op.amount;
      if (counted > recorded) settled.push(op);
    }
  }
  return { insert, patch, settled };
}
