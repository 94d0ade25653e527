/**
 * Step 2, continued — feedback and query answers for a payment that has maintenance operations:
 * our ledger (domain/ledger.ts) owns its state and amounts from then on, because Ogone's
 * status-change feedback carries the original AMOUNT and the payment's overall STATUS (8 after a
 * partial refund too), which `decideFeedback` alone would read as "everything refunded". A refund we never sent (made
 * in Ogone's back office) waits for a query, which tells its amount (docs/ogone-protocol.md §9).
 */
import { OPEN_MAINTENANCE_STATUSES } from '../../shared/maintenance-statuses.ts';
import { REFUND_REVERSALS } from '../../shared/status.ts';
import {
  captureOrCancelStands,
  capturedOutsideOurApi,
  kindOfStatus,
  operationOutcome,
  failedWithReversalStatus,
  reversedRefund,
  settle,
  settlementEvents,
  undoRefund,
  updatesFromOverallStatus,
} from '../domain/ledger.ts';
import { operationOrigin } from '../domain/back-office-operations.ts';
import { transactionView } from '../payments/views.ts';
import type {
  CheckoutSessionRecord,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionDecision,
  TransactionPatch,
  TransactionRecord,
} from '../repository/types.ts';
import { decideFeedback, recordsLastStatus, type FeedbackInput, type FeedbackResult } from './decide.ts';
import { AWAITS_QUERY } from '../repository/records/transactions.ts';

/**
 * The whole decision for a feedback or a DirectLink answer about the payment, still pure:
 * `decideFeedback`, then the ledger's say when operations exist. `extra` carries what a query
 * learnt about single operations (maintenance/sync.ts).
 */
export function decideWithOperations(
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  operations: readonly MaintenanceOperationRecord[],
  input: FeedbackInput,
  extra?: ReadonlyMap<string, MaintenancePatch>,
  levels: LevelsRead = {},
): TransactionDecision<FeedbackResult> {
  return withOperations(decideFeedback(current, session, input), current, session, operations, input, extra, levels);
}

/** What a query read of the history levels beside `extra` (maintenance/sync.ts). */
export interface LevelsRead {
  /** A level says 94 / 96: the order's 94 / 96 is accounted for (takenBackRefunds). */
  reversalSeen?: boolean;
  /**
   * The query read the history levels (maintenance/sync.ts operationUpdates): each operation's
   * own level answered for it in `extra`, and one the levels could not place (only levels of its
   * kind stating another amount: the back office's) was left open on purpose. The order's STATUS
   * is its newest level's: read as the answer of those, a back office's refund of 3.00 settled
   * our uncertain 5.00 as refunded (review r640).
   */
  levelsRead?: boolean;
}

function withOperations(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  ops: readonly MaintenanceOperationRecord[],
  input: FeedbackInput,
  extra: ReadonlyMap<string, MaintenancePatch> = new Map(),
  levels: LevelsRead = {},
): TransactionDecision<FeedbackResult> {
  const { status } = input;
  const firstReceivedAt = input.firstReceivedAt ?? null;
  if (decision.result.mismatch) return decision;
  // A refund or capture made in the back office, whose AMOUNT is the order's: left to a query.
  // An authorisation read only by hand counts its 9 whole, as before: its capture shows at once.
  // One captured already would count nothing on it — left to a person rather (review r740) — nor
  // would a cancelled one, which no 9 moves (review r750).
  const capturedElsewhere =
    capturedOutsideOurApi(current, ops, status) &&
    (input.levelsReadBy === 'reconciler' || (input.levelsReadBy === 'hand' && current.state !== 'authorized'));
  if (channelOf(decision) !== 'query' && (refundedOutsideOurApi(ops, status) || capturedElsewhere))
    return awaitQueryAmount(decision, current, status);
  if (channelOf(decision) !== 'query' && reversalOfRefundsCountedWithout(current, ops, status, input.params))
    return awaitQueryAmount(decision, current, status);
  if (ops.length === 0) return decision;
  // A status-change feedback names its history level when it carries PAYIDSUB (on the SHA-OUT
  // list, so signed): it answers for that level only (a query's answer about the whole order
  // carries none: answerParams).
  const level = namedLevel(input.params);
  // The acquirer declined a refund the platform had accepted (94, 96), naming the level of a
  // refund operation: that refund only is undone (docs/ogone-protocol.md §6).
  const reversal = namedReversal(current, ops, status, level);
  if (reversal) return undoneRefund(decision, current, session, reversal, status);
  // Without a level, or naming one no refund operation holds (§6): with one done refund, it is that
  // one. Where the feedback cannot say which (several done, one still open, or a copy's parameters:
  // `levelsTell`), the reconciler's query reads each done refund's own level, and the levels none
  // of ours holds, and undoes what they say (maintenance/sync.ts takenBackRefunds; reviews
  // r320–r360: held without that reading, real reversals were lost). When the levels cannot say —
  // a refund counted from the order's AMOUNT, one of ours placed on no level — or no level read
  // says 94 / 96 while the order does, as without operations every done refund is taken back:
  // never a reversal lost (r280).
  // A query's 94 / 96 that a reversal applied already explains is not a new reversal: read as one,
  // it would take back the refunds that feedback left done. The order's STATUS is its newest
  // level's, so it is explained by a refund failed with that STATUS after every refund now done
  // was sent (a done one sent later sits on a newer level: the 94 is news). Neither the recorded
  // STATUS (a later refund's own feedback replaces it) nor any refund failed with it (a pending
  // refund refused with 94, older than the one now reversed) could tell (reviews r280, r290).
  // A named level whose refund is not done (its copy, once undone) is never read as this rule.
  // A query that read each done refund's own level (maintenance/sync.ts takenBackRefunds) knows
  // exactly which were taken back: those only are undone, and the rule without a level is not read.
  const takenBack = ops.filter((op) => op.kind === 'refund' && op.status === 'done' && extra.get(op.id)?.reversed === true);
  const repeated = channelOf(decision) === 'query' && (levels.reversalSeen === true || explainedByReversal(ops, status));
  const heldLevel = level !== undefined && ops.some((op) => op.kind === 'refund' && op.payidSub === level);
  const unnamed = takenBack.length === 0 && !heldLevel && !repeated;
  // Left to the reconciler's query, whose reading of each refund's level says which was taken back
  // (found by reviews r320, r330, r340): a copy's parameters (the same 94 again: a copy, or the
  // acquirer reversing a refund made since), several done refunds, or one still open.
  const leftToLevels =
    unnamed && channelOf(decision) !== 'query' && reversesRefund(current, status) ? levelsTell(current, ops, firstReceivedAt) : false;
  if (unnamed && !leftToLevels && refundsReversed(current, ops, status)) {
    const reversed = ops.filter((op) => op.kind === 'refund' && op.status === 'done');
    return {
      ...decision,
      operations: { update: reversed.map((op) => ({ id: op.id, patch: reversedRefund(status) })) },
    };
  }
  // A capture or cancel made elsewhere (the back office) while ours, if any, failed: the
  // platform's STATUS is the money's truth, as without operations. The ledger kept such a
  // payment `authorized` for good, its STATUS final and never queried again.
  // So too when the query that read it released ours in the same pass, as never having reached
  // the platform (every change it made to ours): read only by the next query, the capture it had
  // just read was left uncounted (found by review r450).
  if ([...extra.values()].every((change) => change.status === 'failed' && change.reversed !== true)) {
    const released = ops.map((op) => ({ ...op, ...extra.get(op.id) }));
    if (doneOutsideOurApi('capture', current, released, status) || doneOutsideOurApi('cancel', current, released, status))
      return extra.size === 0 ? decision : { ...decision, operations: { update: [...extra].map(([id, patch]) => ({ id, patch })) } };
  }
  const details = withoutMoney(decision.patch);
  const undone = undoneByLevels(current, details, takenBack, extra);
  // A copy of a feedback received before (a deferred retry, a replayed URL) was sent before the
  // operations made since its first copy arrived (that same millisecond included): its overall
  // STATUS 9 is not the answer to a capture sent after it, which it would otherwise settle as done
  // (docs/ogone-protocol.md §5, "Idempotency").
  // A status-change feedback without PAYIDSUB while a level below one of ours is held by none of
  // our operations (`unknownLevelBelowOurs`) may be that level's — the back office's, its feedback
  // late — as well as ours: it settles none of ours, left to the reconciler's query by level
  // (`unexplainedByOurs`, `refusalLeftOpen` flag the payment). Read as the answer of our refund
  // still processing, a back office's late 8 settled ours, which the platform then refused (review
  // r1130).
  const answerable =
    level === undefined && channelOf(decision) !== 'query' && unknownLevelBelowOurs(ops)
      ? []
      : firstReceivedAt === null
        ? ops
        : ops.filter((op) => op.createdAt < firstReceivedAt);
  const overall =
    channelOf(decision) === 'query' && levels.levelsRead === true ? new Map() : updatesFromOverallStatus(answerable, status, level);
  const updates = new Map([...overall, ...extra]);
  const settling = new Map([...updates].filter(([id]) => !takenBack.some((op) => op.id === id)));
  const base = { ...current, ...details, ...undone.patch };
  const settlement = settle(base, undone.ops(ops), settling);
  const patch: TransactionPatch = { ...details, ...undone.patch, ...settlement.patch };
  if (leftToLevels || unexplainedByOurs(decision, ops, updates, status, level) || refusalLeftOpen(decision, ops, updates, status, level))
    Object.assign(patch, AWAITS_QUERY);
  if (patch.state !== undefined ? status !== current.lastStatus : recordsLastStatus(current, status, channelOf(decision)))
    patch.lastStatus = status;
  else delete patch.lastStatus;
  const view = (t: TransactionRecord) => transactionView(t, session);
  // The payment as written, its STATUS included (review r1606).
  const written = { ...current, ...patch };
  const events = [
    ...settlementEvents(written, undone.settled, view, 'payment.refund_reversed'),
    ...settlementEvents(written, settlement.settled, view),
  ];
  const { markSessionPaid: _ignored, ...rest } = decision;
  return {
    ...rest,
    patch,
    events,
    operations: { update: [...updates].map(([id, change]) => ({ id, patch: change })) },
    result: {
      ...decision.result,
      changed: patch.state !== undefined && patch.state !== current.state,
      outcome: updates.size > 0 || patch.lastStatus !== undefined ? 'applied' : decision.result.outcome,
    },
  };
}

/**
 * A decision's patch without what the feedback's STATUS alone would say of the money — the state
 * and the captured and refunded amounts — where something else decides them (the ledger, the
 * platform's own refund amount): its details (card, PAYID, STATUS…) kept.
 */
export function withoutMoney(patch: TransactionPatch | undefined): TransactionPatch {
  const { state: _state, capturedAmount: _captured, refundedAmount: _refunded, ...details } = patch ?? {};
  return details;
}

/** The PAYIDSUB a feedback names: undefined without one, NaN (no level) when it is not a number. */
function namedLevel(params: Readonly<Record<string, string>>): number | undefined {
  const named = params['PAYIDSUB'];
  if (named === undefined || named === '') return undefined;
  return /^\d{1,9}$/.test(named) ? Number(named) : Number.NaN;
}

/**
 * A history level below the newest one an operation of ours holds (PAYIDSUB) that none of our
 * operations holds — those of the back office's recorded by a sync included: an operation made
 * elsewhere, which the ledger has not read yet (or one of ours answered without PAYIDSUB). A
 * feedback without PAYIDSUB may be that level's: it cannot say which operation it is about.
 * Levels count from 1, as a sync reads them (maintenance/sync.ts untiedLevels).
 */
function unknownLevelBelowOurs(ops: readonly MaintenanceOperationRecord[]): boolean {
  const held = new Set(ops.flatMap((op) => (op.payidSub === null ? [] : [op.payidSub])));
  const newest = Math.max(0, ...held);
  for (let sub = 1; sub < newest; sub++) if (!held.has(sub)) return true;
  return false;
}

/** The channel the decision's STATUS came through; a decision without a log entry is a query's. */
const channelOf = (decision: TransactionDecision<FeedbackResult>) => decision.feedback?.channel ?? 'query';

/**
 * A capture (9, 95) or cancel (6, 64) STATUS that nothing of ours explains: every operation of ours
 * of that kind failed (or none was sent), and none of the other kind is done or open — a cancel
 * after a capture is impossible (a 6 while our capture was in flight left 19.99 captured on a
 * `cancelled` payment), and a capture while our cancel is open waits for the cancel's answer.
 */
function doneOutsideOurApi(
  kind: 'capture' | 'cancel',
  current: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  status: number,
): boolean {
  if (operationOutcome(kind, status) !== 'done') return false;
  if (ops.some((op) => captureOrCancelStands(op))) return false;
  return kind === 'capture' || current.capturedAmount === 0;
}

/**
 * A status-change feedback's capture or refund STATUS (9, 8…) that settles none of our operations
 * of its kind, though we made some: the back office may have captured or refunded beside ours,
 * and the feedback's AMOUNT is the order's ([ADV] §9.3.1.1), so only a query's history levels say
 * how much (maintenance/sync.ts, domain/back-office-operations.ts). It hands the payment to the
 * reconciler — one query a round at most, which also answers for a late feedback of our own
 * operation. A copy too: the back office's feedback after a capture carries the same parameters
 * (the order's AMOUNT, PAYID, STATUS) as the one that settled ours, so it is logged as its copy.
 * A PAYIDSUB one of ours holds says it is ours.
 */
function unexplainedByOurs(
  decision: TransactionDecision<FeedbackResult>,
  ops: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  status: number,
  level: number | undefined,
): boolean {
  const kind = feedbackKind(decision, status, 'done');
  if (!kind) return false;
  const ours = ops.filter((op) => op.kind === kind && op.status !== 'failed');
  if (ours.length === 0 || ours.some((op) => updates.has(op.id))) return false;
  return level === undefined || !ours.some((op) => op.payidSub === level);
}

/**
 * A refusal (83, 93…) without a level that settled none of the operations of its kind still open
 * (several, or a late copy of one settled already): only a query by level tells whose it was, and
 * its STATUS being final, nothing else would ask — the open one's amount stayed reserved for good.
 * A refusal naming its level is in doubt only while an operation of its kind is open without a
 * level of its own (its answer was uncertain): the named level may be that one's. A level one of
 * ours holds, settled now or before, or one none of ours holds beside open ones on other levels
 * (the back office's refusal) says whose it was: the open ones keep their amounts reserved and are
 * asked about as any pending operation is (`syncNeeded`), and the API stays open (review r820).
 */
function refusalLeftOpen(
  decision: TransactionDecision<FeedbackResult>,
  ops: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  status: number,
  level: number | undefined,
): boolean {
  const kind = feedbackKind(decision, status, 'failed');
  if (kind === undefined) return false;
  return ops.some(
    (op) => op.kind === kind && op.status === 'pending' && !updates.has(op.id) && (level === undefined || op.payidSub === null),
  );
}

/**
 * The kind (capture or refund) whose operations a status-change feedback's STATUS gives `outcome`;
 * undefined for a query's answer, whose STATUS is the order's now, and for any other STATUS.
 */
function feedbackKind(
  decision: TransactionDecision<FeedbackResult>,
  status: number,
  outcome: 'done' | 'failed',
): 'capture' | 'refund' | undefined {
  if (channelOf(decision) === 'query') return undefined;
  const kind = kindOfStatus(status);
  return (kind === 'capture' || kind === 'refund') && operationOutcome(kind, status) === outcome ? kind : undefined;
}

/**
 * 94 / 96 naming its history level (PAYIDSUB) for a refunded payment: the refund of ours — or the
 * back office's, recorded as an operation — done on that level. Undefined when the rule is not
 * this one: no level named, a level no refund operation holds (the rule without a level), or the
 * level's refund is not done (a pending one is settled as failed by its level like any refusal, a
 * failed one was undone already: a copy).
 */
function namedReversal(
  current: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  status: number,
  level: number | undefined,
): MaintenanceOperationRecord | undefined {
  if (level === undefined || !reversesRefund(current, status)) return undefined;
  const refund = ops.find((op) => op.kind === 'refund' && op.payidSub === level);
  return refund?.status === 'done' ? refund : undefined;
}

/**
 * The one refund a named 94 / 96 undid (`namedReversal`): marked failed with the STATUS, its amount
 * no longer refunded (domain/ledger.ts undoRefund), the others kept. Announced as a 94 / 96
 * without operations is, by payment.refund_reversed — the money is back with the merchant — with the
 * payment as it now is (still `partially_refunded` when another refund counts) and the refund
 * undone as its operation.
 */
function undoneRefund(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  refund: MaintenanceOperationRecord,
  status: number,
): TransactionDecision<FeedbackResult> {
  const details = withoutMoney(decision.patch);
  const undo = undoRefund({ ...current, ...details }, refund, status);
  const patch: TransactionPatch = { ...details, ...undo.patch };
  if (undo.patch.state !== undefined ? status !== current.lastStatus : recordsLastStatus(current, status, channelOf(decision)))
    patch.lastStatus = status;
  else delete patch.lastStatus;
  const events = settlementEvents({ ...current, ...patch }, undo.settled, (t) => transactionView(t, session), 'payment.refund_reversed');
  const { markSessionPaid: _ignored, ...rest } = decision;
  return {
    ...rest,
    patch,
    events,
    operations: { update: [{ id: refund.id, patch: reversedRefund(status) }] },
    result: { ...decision.result, changed: undo.patch.state !== undefined, outcome: 'applied' },
  };
}

/**
 * A refund failed with `status` (94 / 96) that may be the order's STATUS — its newest level's —
 * now (`withOperations`, "repeated"): no refund of ours now done sits on a newer level.
 * - A refusal (a refund refused before it was done) on a known level is weighed by level, the
 *   platform's own order: dated by when we learnt it (a query, a late feedback), one learnt after
 *   a later refund was done looked newer than it, and that refund's reversal, known only from a
 *   query, was read as explained and lost (found by review r310); dated by when it was sent, one
 *   sent first but placed last (its call slower) looked older, and the rule without a level took
 *   back a refund the platform gave (found by review r330). Without a level, by when it failed.
 * - A reversal (a refund done, then taken back: `reversedAt`) by when it was applied: the order's
 *   STATUS may be that event's whatever its level, and a refund sent after it is news.
 * The back office's refunds are not weighed: their operation is dated when a sync found its level
 * (domain/back-office-operations.ts), not when it was made — one made before the reversal but
 * found after it looked newer, and the same answer read twice took back every refund the platform
 * gave back (found by review r300). Compared across instances, times are only as good as the
 * clocks: a refund sent within a clock skew of the reversal may be misread.
 */
function explainedByReversal(ops: readonly MaintenanceOperationRecord[], status: number): boolean {
  const done = ops.filter((op) => op.kind === 'refund' && op.status === 'done' && operationOrigin(op) === 'ogone_checkout');
  return ops.some((failed) => {
    if (failed.kind !== 'refund' || failed.status !== 'failed' || failed.ogoneStatus === null) return false;
    const { reversedAt, payidSub: level } = failed;
    // A reversal's level may move on from 94 to 96 (review r320 F3): the same event, not news. A
    // refund of ours reversed since sits on its own level, which the query reads (sync.ts).
    const same =
      reversedAt !== undefined ? REFUND_REVERSALS.has(failed.ogoneStatus) && REFUND_REVERSALS.has(status) : failed.ogoneStatus === status;
    if (!same) return false;
    if (reversedAt === undefined && level !== null)
      return done.every((op) => (op.payidSub !== null ? op.payidSub < level : op.createdAt <= failed.updatedAt));
    const failedAt = reversedAt ?? failed.updatedAt;
    return done.every((op) => op.createdAt <= failedAt);
  });
}

/**
 * The refunds a query found taken back on their own level (`takenBack`) undone one after the other
 * (domain/ledger.ts undoRefund), over the decision's details: the patch of the payment's money,
 * the refunds as the ledger settles the rest beside them (failed), and what each announces.
 */
function undoneByLevels(
  current: TransactionRecord,
  details: TransactionPatch,
  takenBack: readonly MaintenanceOperationRecord[],
  extra: ReadonlyMap<string, MaintenancePatch>,
) {
  let after: TransactionRecord = { ...current, ...details };
  const settled: MaintenanceOperationRecord[] = [];
  for (const refund of takenBack) {
    const undo = undoRefund(after, refund, extra.get(refund.id)!.ogoneStatus ?? 0);
    after = undo.after;
    settled.push(...undo.settled);
  }
  const patch: TransactionPatch = {};
  if (after.refundedAmount !== current.refundedAmount) patch.refundedAmount = after.refundedAmount;
  if (after.state !== current.state) patch.state = after.state;
  const failed = new Set(takenBack.map((op) => op.id));
  return {
    patch,
    settled,
    ops: (ops: readonly MaintenanceOperationRecord[]) =>
      failed.size === 0 ? ops : ops.map((op) => (failed.has(op.id) ? { ...op, ...extra.get(op.id)! } : op)),
  };
}

/**
 * Whether the levels of the payment's refunds can say which one a 94 / 96 without a level undid,
 * and need to (`withOperations`, leftToLevels). They can when every done refund is an operation
 * on a known level — ours, or the back office's recorded from its level — and together they are
 * all that is counted refunded (a refund counted from the order's AMOUNT has no level to read).
 * They need to when several are done, when one is still open (its answer may move the order's
 * STATUS past the 94: the reversal was lost), when this feedback's parameters were received
 * before — the same 94 again is a copy of a reversal applied already, or the acquirer reversing a
 * refund made since, with the very same parameters: applied, a copy took back a refund the
 * platform gave; held without reading the levels, a real reversal was lost (reviews r320–r350) —
 * or when a refund failed with 94 / 96 before may be what it says: the reversal's first copy,
 * merely late after a query undid the refund, took back the one left (review r360), and so did
 * a 96 of a reversed level moving on from 94 after a new refund (review r370).
 */
function levelsTell(current: TransactionRecord, ops: readonly MaintenanceOperationRecord[], firstReceivedAt: string | null): boolean {
  const done = ops.filter((op) => op.kind === 'refund' && op.status === 'done');
  if (done.length === 0 || done.some((op) => op.payidSub === null)) return false;
  // A refund refused by an answer without PAYIDSUB holds a level we do not know: the query then
  // reads no level none of ours holds, and a reversal written on one of its own was lost (r390).
  if (ops.some((op) => op.kind === 'refund' && op.status === 'failed' && op.payidSub === null && op.ogoneStatus !== null)) return false;
  if (done.reduce((total, op) => total + op.amount, 0) !== current.refundedAmount) return false;
  return done.length > 1 || refundOpen(ops) || firstReceivedAt !== null || ops.some(failedWithReversalStatus);
}

/** 94 / 96 for a refunded payment: a refund of it taken back (docs/ogone-protocol.md §6). */
function reversesRefund(current: TransactionRecord, status: number): boolean {
  return REFUND_REVERSALS.has(status) && (current.state === 'refunded' || current.state === 'partially_refunded');
}

/** A refund of ours still open: sent, pending, or without an answer. */
const refundOpen = (ops: readonly MaintenanceOperationRecord[]) =>
  ops.some((op) => op.kind === 'refund' && OPEN_MAINTENANCE_STATUSES.has(op.status));

/** 94 / 96 for a refunded payment whose refunds of ours are settled (none still open). */
function refundsReversed(current: TransactionRecord, ops: readonly MaintenanceOperationRecord[], status: number): boolean {
  return reversesRefund(current, status) && !refundOpen(ops);
}

/** A refund STATUS (8, 84, 85, 7, 74) while we sent no refund: one made in Ogone's back office. */
/**
 * A 94 / 96 naming a history level none of our refunds holds, on a payment whose refunds are
 * counted — some or all — without an operation (the back office's, read from the levels by a sync:
 * maintenance/sync.ts backOfficeRefund). Read by the rules without operations, every refund went
 * back, and the next sync counted the ones below the reversal again (review r1717). Left to the
 * query: its reading of the levels names the refund taken back (sync.ts takenBackRefunds, §9).
 */
function reversalOfRefundsCountedWithout(
  current: TransactionRecord,
  ops: readonly MaintenanceOperationRecord[],
  status: number,
  params: Readonly<Record<string, string>>,
): boolean {
  const level = namedLevel(params);
  if (!REFUND_REVERSALS.has(status) || level === undefined || !(level > 0)) return false;
  if (ops.some((op) => op.kind === 'refund' && op.payidSub === level)) return false;
  const done = ops.filter((op) => op.kind === 'refund' && op.status === 'done').reduce((sum, op) => sum + op.amount, 0);
  return current.refundedAmount > done;
}

function refundedOutsideOurApi(ops: readonly MaintenanceOperationRecord[], status: number): boolean {
  return operationOutcome('refund', status) === 'done' && !ops.some((op) => op.kind === 'refund' && op.status !== 'failed');
}

/**
 * The feedback's AMOUNT is the order's, not the refund's or the capture's (docs/ogone-protocol.md
 * §9, [ADV] §9.3.1.1): counting the whole captured amount as refunded, or the whole authorised
 * amount as captured, could be wrong. The payment keeps its state and amounts, records the STATUS
 * and is handed to the reconciler, whose query reads the operation's own amount from the history
 * levels (maintenance/sync.ts).
 */
function awaitQueryAmount(
  decision: TransactionDecision<FeedbackResult>,
  current: TransactionRecord,
  status: number,
): TransactionDecision<FeedbackResult> {
  const patch: TransactionPatch = { ...withoutMoney(decision.patch), ...AWAITS_QUERY };
  // syncNeeded: the query decides, so the last STATUS may be the refund's even over an unresolved one.
  if (status !== current.lastStatus) patch.lastStatus = status;
  const { markSessionPaid: _ignored, ...rest } = decision;
  return { ...rest, patch, events: [], result: { ...decision.result, changed: false, outcome: 'applied' } };
}
