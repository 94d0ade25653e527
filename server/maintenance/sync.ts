/**
 * `POST /api/transactions/:reference/sync` and the reconciler: asks the platform (querydirect)
 * where a payment stands and applies the answer (docs/ogone-protocol.md §8, §9).
 * - The payment itself: query by PAYID (by ORDERID when no PAYID is known yet), applied like a
 *   feedback (46 → 9 after 3-D Secure, 92 → 9 or 2, 91 → 9…). An answer with a STATUS is an
 *   answer whatever its NCERROR: STATUS 2 with NCERROR.REFUSED (shared/ncerror.ts) is a decline
 *   (`readQueryAnswer`).
 * - An order the platform does not know: nothing to wait for; once its checkout session has
 *   expired, the attempt becomes `expired`; until then it is asked again after as long as it is
 *   old, at the latest when the session expires (§9).
 * - Operations in flight: each history level by PAYIDSUB (DirectLink guide §5.1.2), so a partial
 *   refund resolves to exactly its own amount.
 * - Refunds done: each one's own level, and the levels none of ours holds, when the order says
 *   94 / 96 or a feedback left the payment to this query, so that a reversal no feedback could
 *   place undoes exactly its refund (§6).
 * - Operations whose call got no answer, and uncertain ones without a PAYIDSUB: the history levels
 *   none of our operations holds — below a later answered one's too — are theirs, in order, by
 *   kind and, where the platform says it, by amount; none after the grace period means the
 *   platform never got a call that went unanswered (released). An uncertain answer is never
 *   released this way: the platform did answer it.
 * - A refund (STATUS 8) we never asked for — made in Ogone's back office — counts the amounts
 *   its history levels answer (major units, §8), else the answer's own AMOUNT.
 * - A capture (STATUS 9) of an authorisation (RES) we never asked for — made in the back office,
 *   perhaps of part of it — counts the amounts its history levels answer, where they state them.
 * - A capture or refund made in the back office beside ours of its kind: the done levels left
 *   once ours are placed are recorded as operations of their own (domain/back-office-operations.ts).
 */
import type { AppContext } from '../app-context.ts';
import { strangerAnswer } from '../directlink/answer-subject.ts';
import { readQueryAnswer } from '../directlink/statuses.ts';
import { NCERROR } from '../../shared/ncerror.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { PaymentError } from '../domain/payment-error.ts';
import { AnswerOvertaken, applyAnswer, changedSince, type AfterPaymentChange } from '../feedback/apply-answer.ts';
import { awaitsPlatform } from '../repository/sync-claims.ts';
import type { MaintenanceOperationRecord, MaintenancePatch, TransactionRecord } from '../repository/types.ts';
import { asPatched } from '../repository/records/operations.ts';
import { giveBackOwed, giveBackOwedAfter } from './give-back-key.ts';
import { callDirectLink, refusalMessage, requireDirectLink } from './directlink-failures.ts';
import {
  captureStands,
  failedWithReversalStatus,
  isFinalCapture,
  kindOfStatus,
  operationOutcome,
  restCancelled,
  reversedRefund,
} from '../domain/ledger.ts';
import { canTransition, capturedBeforeCancel, REFUND_REVERSALS } from '../../shared/status.ts';
import { CAPTURED_STATES } from '../domain/payment-states.ts';
import { assertSamePlatform } from '../payments/livemode.ts';
import { awaitsAnotherTry, mayBeFollowedByAnotherTry, nextQuestionAt, onHostedPage, payableUntil } from '../payments/hosted-page-tries.ts';
import { authorisesOnly, type BackOfficeLevel } from '../domain/back-office-operations.ts';

/** At most this many unknown history levels are fetched in one sync. */
const MAX_LEVELS = 20;

export interface SyncResult {
  transaction: TransactionRecord;
  /** The STATUS the platform answered; null when it does not know the order. */
  status: number | null;
}

/** `afterChange`: see feedback/apply-answer.ts; callers outside maintenance/ use maintenance/index.ts. */
export interface SyncOptions {
  /**
   * Awaited before each query a sync sends (the head, each history level): the reconciler renews
   * its claim on the payment there, so that a sync of several queries is never claimed and asked
   * again by another instance while it still asks (reconciler.ts).
   */
  beforeQuery?: () => Promise<void>;
  /**
   * Aborted when the asker stops (the reconciler at close): the query in flight is cut and none
   * is sent after it. A cut query is no answer: the sync throws, nothing is applied, and the
   * payment stays due (review r1735: a sync of several slow queries outran serve's stop deadline).
   */
  stop?: AbortSignal;
}

export async function syncTransaction(
  ctx: AppContext,
  reference: string,
  afterChange: AfterPaymentChange,
  options: SyncOptions = {},
): Promise<SyncResult> {
  // An answer overtaken by a change of the payment (a feedback applied while the question was on
  // its way) is not applied: asked once more, and if overtaken again, left to the next sync.
  for (let asked = 1; ; asked++) {
    try {
      return await syncOnce(ctx, reference, afterChange, options);
    } catch (error) {
      if (!(error instanceof AnswerOvertaken)) throw error;
      // Read under the row lock, as the write that overtook the answer left it. A plain read goes,
      // on SQLite, to the read connection, which sees committed data only, while that write may
      // still be in the group commit's open batch (db/group-commit.ts): two first syncs at once,
      // one answered "authorized, captured 0" where 3.00 was stored (found in review), and its
      // second question read that stale payment too. The locked read returns once that batch is
      // committed: what is answered is stored, and durable.
      const current = (await ctx.repository.mutateTransaction(reference, (read) => ({ result: read })))?.after;
      if (!current) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
      // Asked once more only while the payment still awaits the platform: the feedback that
      // overtook the answer may have settled it, and a second query then asked for nothing
      // (DirectLink guide §5.4: no systematic queries; review r1476).
      const settled = !awaitsPlatform(current);
      if (asked === 2 && !settled)
        ctx.logger.info({ reference }, 'query answer overtaken by a change of the payment twice: left to the next sync');
      if (settled || asked === 2) return { transaction: current, status: current.lastStatus ?? null };
    }
  }
}

async function syncOnce(ctx: AppContext, reference: string, afterChange: AfterPaymentChange, options: SyncOptions): Promise<SyncResult> {
  const client = requireDirectLink(ctx);
  const transaction = await ctx.repository.getTransaction(reference);
  if (!transaction) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
  // A payment made for the other platform (before the go-live switch) is unknown to this one's:
  // its "unknown order" would expire a payment the shopper may have paid. Never asked here.
  assertSamePlatform(ctx.config, transaction, `the payment ${reference}`);
  const { currency } = transaction;
  // A try on the hosted page another try of the same order may follow (a refusal, a 3-D Secure
  // authentication still open): asked by ORDERID, whose answer is the order's newest try, never
  // by that try's PAYID, which answers it for good (hosted-page-tries.ts, review r930).
  // Its session, read once and only for such a try (here and for the deferral below).
  let sessionRead: ReturnType<AppContext['repository']['getSession']> | undefined;
  const sessionOfTry = () => (sessionRead ??= ctx.repository.getSession(transaction.sessionId));
  const byOrder = !transaction.payid || (mayBeFollowedByAnotherTry(transaction) && onHostedPage(await sessionOfTry(), transaction));
  await options.beforeQuery?.();
  const head = await callDirectLink(() =>
    client.query(byOrder ? { orderId: reference, currency } : { payId: transaction.payid!, currency }, { stop: options.stop }),
  );
  // Asked by PAYID, the client could not check the order the answer names: the same check here.
  const stranger = strangerAnswer(head, { orderId: reference });
  if (stranger) throw new PaymentError('platform_failed', 'query_refused', `the platform answered about ${stranger}: nothing was applied`);
  const reading = readQueryAnswer(head, byOrder);
  if (reading.kind === 'unknown-order' && !transaction.payid) return orderUnknown(ctx, transaction);
  // The query itself failed (STATUS 88, credentials, IP): the platform answered nothing about the payment.
  if (reading.kind !== 'answer') throw new PaymentError('platform_failed', 'query_refused', refusalMessage(head, 'query'));

  const payId = head.payId ?? transaction.payid;
  const operations = await ctx.repository.listOperations(reference);
  let updates = new Map<string, MaintenancePatch>();
  let refundedByPlatform: BackOfficeRefund | undefined;
  let capturedByPlatform: number | 'unstated' | undefined;
  let backOffice: BackOfficeLevel[] = [];
  let reversals: RefundReversals | undefined;
  let deletion: BackOfficeLevel | undefined;
  // The MAX_LEVELS cap left untied levels unread: what they hold was not counted (review r750).
  let levelsLeftUnread = false;
  if (payId) {
    // The history levels none of our operations holds, asked of the platform once for both uses.
    const level = levelQuery(ctx, payId, currency, options);
    let untiedRead: Promise<Level[]> | undefined;
    const untied = () =>
      (untiedRead ??= untiedLevels(level, operations, head).then((read) => {
        levelsLeftUnread = read.unread;
        return read.levels;
      }));
    updates = await operationUpdates(ctx, level, operations, untied, () => levelsLeftUnread);
    reversals = await takenBackRefunds(level, operations, updates, head, transaction, untied);
    for (const [id, patch] of reversals.updates) updates.set(id, patch);
    capturedByPlatform = await backOfficeCapture(transaction, operations, updates, head, untied);
    // Beside a capture the back office made, or one counted before (review r1655).
    if (typeof capturedByPlatform === 'number' || (capturedByPlatform === undefined && CAPTURED_STATES.has(transaction.state)))
      deletion = await deletionLevel(transaction, operations, updates, head, untied);
    refundedByPlatform = await backOfficeRefund(
      operations,
      updates,
      head,
      untied,
      transaction.awaitsQuery === true,
      transaction.refundedAmount === 0,
      reversals.seen,
    );
    backOffice = await backOfficeLevels(operations, updates, untied);
  }
  // A give-back still owed keeps the flag through this answer: the review it brings may die
  // before recording its try, and the reconciler must come back for it (give-back-key.ts).
  const session = transaction.syncNeeded ? await ctx.repository.getSession(transaction.sessionId) : undefined;
  const keepSyncNeeded = session ? giveBackOwed(ctx, transaction, session.mode, operations) : false;
  const after = await applyAnswer(ctx, reference, head, afterChange, {
    readBefore: transaction,
    operationUpdates: updates,
    keepSyncNeeded,
    giveBackOwedAfter: (current, session, operations, decision, updates) =>
      giveBackOwedAfter(ctx, current, session, operations, decision, updates),
    levelsRead: Boolean(payId),
    // Recorded whether or not they account for the order's STATUS: left unrecorded, a back-office
    // refund a reversal took back was counted by a later sync from its level, which still says 8.
    ...(reversals?.seen ? { reversalSeen: true } : {}),
    ...(reversals?.levels.length ? { reversalLevels: reversals.levels } : {}),
    ...(capturedByPlatform !== undefined ? { capturedByPlatform } : {}),
    ...(refundedByPlatform !== undefined ? { refundedByPlatform: refundedByPlatform.amount } : {}),
    // Read under a reversal on its own level: the levels' sum is all that stands, more or less
    // than was counted (backOfficeRefund; docs/ogone-protocol.md §9).
    ...(refundedByPlatform?.standing ? { refundsStanding: true } : {}),
    ...(backOffice.length > 0 ? { backOfficeLevels: backOffice } : {}),
    ...(deletion ? { deletionLevel: deletion } : {}),
    ...(levelsLeftUnread ? { levelsLeftUnread } : {}),
  });
  // A refused try the shopper may follow with a paid one: asked again, spaced out, until the page
  // can no longer be paid (applyAnswer kept syncNeeded for it).
  if (after?.syncNeeded && mayBeFollowedByAnotherTry(after)) {
    const now = ctx.clock.now().getTime();
    const read = await sessionOfTry();
    if (awaitsAnotherTry(read, after, now))
      await ctx.repository.deferSync(reference, new Date(nextQuestionAt(read, after, now)).toISOString());
  }
  return { transaction: after ?? transaction, status: head.status };
}

/**
 * The platform does not know the order: the shopper never paid on the hosted page, or a new
 * order never reached it. Nothing to wait for; once the attempt can no longer be paid (its
 * session expired, and HOSTED_PAGE_PAYABLE_MS since it was made), a draft attempt is `expired`
 * (kept out of the merchant's default lists).
 */
async function orderUnknown(ctx: AppContext, transaction: TransactionRecord): Promise<SyncResult> {
  const now = ctx.clock.now().getTime();
  const outcome = await ctx.repository.mutateTransaction(transaction.reference, (current, session) => {
    // A feedback applied while the question was on its way (STATUS 5, its PAYID): "unknown" is
    // about the payment as it was read. Applied, it cleared the syncNeeded that feedback set for
    // its review (a setup verification's cancel, a duplicate's give-back), which an instance dying
    // before that review then lost for good. Asked again, by PAYID (syncTransaction).
    if (changedSince(transaction, current)) throw new AnswerOvertaken(transaction.reference);
    const expired = current.state === 'draft' && payableUntil(session, current) <= now;
    if (expired) return { patch: { state: 'expired', syncNeeded: false }, result: true };
    return current.syncNeeded ? { patch: { syncNeeded: false }, result: false } : { result: false };
  });
  if (outcome?.result)
    ctx.logger.info({ reference: transaction.reference }, 'attempt unknown to the platform once it could no longer be paid: expired');
  const after = outcome?.after ?? transaction;
  if (after.state === 'draft') {
    // Spaced out until it can no longer be paid, when the answer decides between paid and expired.
    const session = await ctx.repository.getSession(after.sessionId);
    const next = nextQuestionAt(session, after, now);
    if (Number.isFinite(next) && next > now) await ctx.repository.deferSync(after.reference, new Date(next).toISOString());
  }
  return { transaction: after, status: null };
}

/**
 * One history level, or undefined when the platform has none (NCERROR 50001131). A query of it
 * that failed otherwise (STATUS 88, credentials) says nothing about the level and throws: read
 * as "no such level", an operation the platform did carry out would be released as never done,
 * and its retry would move the money a second time.
 */
function levelQuery(ctx: AppContext, payId: string, currency: string, options: SyncOptions) {
  const client = requireDirectLink(ctx);
  return async (payIdSub: number): Promise<DirectLinkResult | undefined> => {
    await options.beforeQuery?.();
    const item = await callDirectLink(() => client.query({ payId, payIdSub, currency }, { stop: options.stop }));
    const reading = readQueryAnswer(item);
    if (reading.kind === 'answer') return item;
    if (reading.kind === 'failed' && reading.ncError === NCERROR.HISTORY_ITEM_NOT_FOUND) return undefined;
    throw new PaymentError('platform_failed', 'query_refused', refusalMessage(item, 'query'));
  };
}

async function operationUpdates(
  ctx: AppContext,
  level: (payIdSub: number) => Promise<DirectLinkResult | undefined>,
  operations: readonly MaintenanceOperationRecord[],
  untied: () => Promise<Level[]>,
  /** Whether the MAX_LEVELS cap left untied levels unread (read once `untied` was). */
  leftUnread: () => boolean,
) {
  const updates = new Map<string, MaintenancePatch>();

  for (const op of operations) {
    if (op.status !== 'pending' || op.payidSub === null) continue;
    const item = await level(op.payidSub);
    const outcome = item ? operationOutcome(op.kind, item.status) : undefined;
    if (outcome === 'done' || outcome === 'failed') updates.set(op.id, { status: outcome, ogoneStatus: item!.status });
  }

  const now = ctx.clock.now().getTime();
  // Done without a level (an uncertain answer without PAYIDSUB, then settled by an overall STATUS):
  // its level, once placed, is never taken for the back office's, and with it placed the back
  // office's levels of its kind can be counted (backOfficeLevels). Only on a level of its amount.
  const doneUnplaced = operations.filter(
    (op) => op.status === 'done' && op.payidSub === null && (op.kind === 'capture' || op.kind === 'refund'),
  );
  const unplaced = operations.filter(
    (op) => op.status === 'unknown' || isAbandoned(op, now) || (op.status === 'pending' && op.payidSub === null),
  );
  // A final capture released as never sent, whose call may have reached the platform late after
  // all. Weighed after the open ones, on a level none of those takes.
  const released = operations.filter((op) => releasedUnanswered(op) && isFinalCapture(op));
  if (unplaced.length === 0 && doneUnplaced.length === 0 && released.length === 0) return updates;
  const levels = await untied();
  /** Places `op` on the first free level that `fits`: that level is its own from now on. */
  const placeOn = (op: MaintenanceOperationRecord, fits: (level: Level) => boolean) => {
    const match = levels.find((l) => !l.used && fits(l));
    if (!match) return;
    match.used = true;
    updates.set(op.id, { payidSub: match.payIdSub });
  };
  for (const op of doneUnplaced) placeOn(op, (l) => operationOutcome(op.kind, l.status) === 'done' && l.amountMinor === op.amount);
  // Refused without a level (an uncertain answer without PAYIDSUB, then its refusal's feedback,
  // which carries none either): its level, of its STATUS and amount, is its own — taken for the
  // next one's, a refund the platform made was failed with the first one's 83 and its amount
  // released (review r650). Placed before the open ones, as the done ones are.
  if (unplaced.length > 0)
    for (const op of operations) {
      if (op.status !== 'failed' || op.payidSub !== null || op.ogoneStatus === null || (op.kind !== 'capture' && op.kind !== 'refund'))
        continue;
      placeOn(op, (l) => l.status === op.ogoneStatus && (l.amountMinor === undefined || l.amountMinor === op.amount));
    }
  for (const op of unplaced) {
    // While an operation of its kind is still being sent (its request alive, on this instance or
    // another), a level none of ours holds may be that one's, its answer on the way: taken here,
    // the platform's one refund would be counted twice once that answer records it too. Both wait.
    if (operations.some((other) => other.kind === op.kind && other.status === 'sending' && !isAbandoned(other, now))) continue;
    // Of its kind, the level of its own amount first when the platform says the amounts.
    const free = levels.filter((l) => !l.used && kindOfStatus(l.status) === op.kind);
    const match = free.find((l) => l.amountMinor === op.amount) ?? free.find((l) => l.amountMinor === undefined);
    // A refusal beside another level that could be its own and is not one, more such levels than
    // operations of ours left to place on them (a back office's refusal of the same amount: which
    // is whose, the levels cannot say). Released on the refusal, a refund the platform made went
    // out again (review r670): it stays open, its amount reserved, until a level settles it or the
    // maximum age flags the payment. As many levels as ours, oldest to oldest, settle each (r690).
    const candidates = free.filter((l) => l.amountMinor === op.amount || l.amountMinor === undefined);
    const ours = unplaced.filter((other) => other.kind === op.kind && other.amount === op.amount && !updates.has(other.id)).length;
    if (
      match &&
      operationOutcome(op.kind, match.status) === 'failed' &&
      candidates.length > ours &&
      candidates.some((l) => l !== match && operationOutcome(op.kind, l.status) !== 'failed')
    )
      continue;
    if (!match && free.length > 0) {
      // Only levels of its kind stating another amount (a refund made in the back office): not
      // ours, yet not proof that ours never reached the platform either. Left without an answer,
      // its amount still reserved, until a level settles it or the reconciler flags the payment.
      continue;
    }
    if (match) {
      match.used = true;
      updates.set(op.id, {
        status: operationOutcome(op.kind, match.status) ?? 'pending',
        ogoneStatus: match.status,
        payidSub: match.payIdSub,
      });
    } else if (
      (op.status === 'unknown' || op.status === 'sending') &&
      now - Date.parse(op.updatedAt) >= ctx.unknownOutcomeGraceMs &&
      // Never released while levels were left unread: its own may be among them, and released,
      // its amount went out a second time under its key (review r790). Its amount stays reserved,
      // and the payment goes to a person (feedback/apply-answer.ts withLevelsLeftUnread).
      !leftUnread()
    ) {
      updates.set(op.id, { status: 'failed', ncError: null });
    }
  }
  // A sync released it only once no capture level was free (above), so a done capture level of
  // its very amount free now was made since: its late call's — or the back office's, the merchant
  // redoing there the capture they had asked to close the order with (so too beside one refused a
  // connection, which never left). Recorded as the back
  // office's (an SAL), the payment lost `captureClosed` and the operation its `final` (found in
  // review). Placed on it, it is done as what it was. Only a final capture: the back office's
  // record of another operation's level counts the same money and says the same state, and such
  // a level may be a genuine back-office operation beside ours, arriving late (review r220).
  // Not while another capture is still being sent: that one's answer may name the level.
  for (const op of released) {
    if (operations.some((other) => other.kind === op.kind && other.status === 'sending' && !isAbandoned(other, now))) continue;
    const match = levels.find((l) => !l.used && operationOutcome(op.kind, l.status) === 'done' && l.amountMinor === op.amount);
    if (!match) continue;
    match.used = true;
    updates.set(op.id, { status: 'done', ogoneStatus: match.status, payidSub: match.payIdSub, ncError: null });
  }
  return updates;
}

/** What a query's history levels say of refunds taken back (`takenBackRefunds`). */
export interface RefundReversals {
  /** The done refunds taken back, each with `reversedRefund(status)`. */
  updates: Map<string, MaintenancePatch>;
  /** Levels none of our operations holds that say 94 / 96: recorded as failed refunds of their own. */
  levels: BackOfficeLevel[];
  /** A level read says 94 / 96: the order's 94 / 96 is accounted for, whatever it undid. */
  seen: boolean;
}

/**
 * What the history levels say of refunds the acquirer took back (94, 96: docs/ogone-protocol.md
 * §6). A 94 / 96 feedback without PAYIDSUB, or one whose parameters are a copy's, cannot say which
 * refund it undid; the order's STATUS cannot either once a newer refund replaced it. The levels
 * can, so they are read when the order says 94 / 96 now or a feedback left the payment to this
 * query (`awaitsQuery`, feedback/with-operations.ts) — only then (Ogone forbids systematic
 * queries: DirectLink guide §5.1.2, §5.4):
 * - each done refund's own level (ours, and the back office's recorded as operations), the newest
 *   first, at most MAX_LEVELS: one that says 94 / 96 was taken back;
 * - the levels none of our operations holds: the guides do not say whether the platform writes a
 *   reversal on the refund's level or on a level of its own. One of its own that says 94 / 96 takes
 *   back the newest done refund below it of its very amount, if any; either way it is recorded as
 *   a failed refund of the back office's (a refund made there and taken back before any sync
 *   counted it is exactly that), so that it is read, and counted, once.
 */
async function takenBackRefunds(
  level: (payIdSub: number) => Promise<DirectLinkResult | undefined>,
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  head: DirectLinkResult,
  transaction: TransactionRecord,
  untied: () => Promise<Level[]>,
): Promise<RefundReversals> {
  const found: RefundReversals = { updates: new Map(), levels: [], seen: false };
  if (!REFUND_REVERSALS.has(head.status) && transaction.awaitsQuery !== true) return found;
  // As this sync leaves them: a refund whose answer was lost, placed on its level now, is done.
  const refunds = asPatched(operations, updates).filter((op) => op.kind === 'refund');
  const newestFirst = (a: MaintenanceOperationRecord, b: MaintenanceOperationRecord) => b.payidSub! - a.payidSub!;
  const done = refunds.filter((op) => op.status === 'done' && op.payidSub !== null).sort(newestFirst);
  const takeBack = (op: MaintenanceOperationRecord, status: number) =>
    found.updates.set(op.id, { ...updates.get(op.id), ...reversedRefund(status) });
  for (const op of done.slice(0, MAX_LEVELS)) {
    const item = await level(op.payidSub!);
    if (item && REFUND_REVERSALS.has(item.status)) takeBack(op, item.status);
  }
  // A refund of ours that holds no known level may hold one of those none holds: still being sent
  // or without an answer, refused at once (94 there: review r370), refused by an answer without
  // PAYIDSUB, or done without one (its own level's 94 read as a reversal of none of ours: review
  // r380). The levels none holds then say nothing of reversals, as operationUpdates waits too.
  const unplaced = refunds.some((op) => op.payidSub === null && (op.status !== 'failed' || op.ogoneStatus !== null));
  // A refund counted without an operation (the back office's, from the order's AMOUNT or its level
  // while we had none: backOfficeRefund) may be the one taken back: its reversal read as nobody's
  // left it counted (review r390). Then, as for the feedback (with-operations.ts levelsTell), the
  // order's STATUS decides, by the rules without levels.
  const doneBefore = operations.filter((op) => op.kind === 'refund' && op.status === 'done');
  const withoutOperation = transaction.refundedAmount - doneBefore.reduce((total, op) => total + op.amount, 0);
  // Unless the levels none of ours holds account for it: the order names levels, and theirs —
  // refunds done and taken back — all state their AMOUNT and add up to at least what was counted
  // without an operation (backOfficeRefund counts that from those very levels). They then name
  // the refund a reversal took back, as for a first sync of the same levels (reviews r1657, r1675,
  // r1679: read by the rules without levels, every refund went back, and the next sync counted
  // the ones below the reversal again).
  const countedWithout = withoutOperation > 0 && (unplaced || !(await levelsAccountFor(withoutOperation, head, untied)));
  // Every done refund's own level read: only then may a level that says nothing of whose it is,
  // or an old reversal's, be weighed (review r390).
  let readable = !unplaced && !countedWithout && done.length <= MAX_LEVELS;
  const free = readable ? await untied() : [];
  for (const reversal of free) {
    if (reversal.used || !REFUND_REVERSALS.has(reversal.status)) continue;
    // Without an amount, nothing says whose it is: the order's 94 / 96 is left unexplained.
    if (reversal.amountMinor === undefined) {
      readable = false;
      continue;
    }
    reversal.used = true;
    // It may be the order's 94 / 96 only above every refund still done: the order's STATUS is its
    // newest event's. An old one below a refund of ours (the back office's refund declined at once,
    // never read) took the place of a reversal shown on the order alone (review r420).
    if (done.every((op) => op.payidSub! < reversal.payIdSub)) found.seen = true;
    found.levels.push({ kind: 'refund', payIdSub: reversal.payIdSub, status: reversal.status, amount: reversal.amountMinor });
    // The newest refund below it of its very amount: one of ours, or one the back office made that
    // no sync counted yet (review r380: counted beside the reversal, it stayed refunded). That one
    // is recorded as failed with the reversal's STATUS, never counted.
    const ours = done.find((op) => op.payidSub! < reversal.payIdSub && op.amount === reversal.amountMinor && !found.updates.has(op.id));
    const theirs = free
      .filter((l) => !l.used && l.payIdSub < reversal.payIdSub && l.amountMinor === reversal.amountMinor)
      .filter((l) => operationOutcome('refund', l.status) === 'done')
      .at(-1);
    if (theirs && (!ours || theirs.payIdSub > ours.payidSub!)) {
      theirs.used = true;
      found.levels.push({ kind: 'refund', payIdSub: theirs.payIdSub, status: reversal.status, amount: reversal.amountMinor });
    } else if (ours) takeBack(ours, reversal.status);
  }
  // A level without an amount may be the order's 94 / 96 as well as any other read: only a refund
  // taken back accounts for it then (an unrelated old level took its place: review r410).
  if (!readable) found.seen = false;
  found.seen ||= found.updates.size > 0;
  // The order's 94 / 96 may be a reversal or refusal applied before whose level moved on to the
  // other code since (94 → 96: review r370), a new event on that level: read, such a level
  // accounts for it — once every level that could say otherwise was read. One still saying what
  // it said is no news: the order's STATUS is that one's only while it is the newest event, which
  // the ledger weighs (feedback/with-operations.ts explainedByReversal); taken for it here, an old
  // refusal hid a reversal shown on the order alone (review r400).
  if (!found.seen && readable && REFUND_REVERSALS.has(head.status)) {
    const before = refunds.filter((op) => failedWithReversalStatus(op) && op.payidSub !== null);
    for (const op of before.sort(newestFirst).slice(0, MAX_LEVELS)) {
      const item = await level(op.payidSub!);
      // Moved on to the very code the order says: a level now saying 96 is no 94's newest event
      // (review r430).
      if (item && item.status === head.status && item.status !== op.ogoneStatus) {
        found.seen = true;
        break;
      }
    }
  }
  return found;
}

/**
 * Whether the refund levels none of our operations holds account for `counted`, the refunded
 * amount no operation explains (takenBackRefunds): the order names levels ([DL] §5.1.2), and every
 * such level that says a refund done or taken back (8…, 94, 96) states its AMOUNT, together at
 * least `counted` — a refund the back office made since is among them (review r1681).
 */
async function levelsAccountFor(counted: number, head: DirectLinkResult, untied: () => Promise<Level[]>): Promise<boolean> {
  if (!namesLevels(head)) return false;
  const refundLevels = (await untied()).filter(
    (l) => !l.used && (operationOutcome('refund', l.status) === 'done' || REFUND_REVERSALS.has(l.status)),
  );
  if (refundLevels.some((l) => l.amountMinor === undefined)) return false;
  return refundLevels.reduce((sum, l) => sum + l.amountMinor!, 0) >= counted;
}

/**
 * How long an operation may stay `sending` — recorded, its DirectLink call under way — while the
 * request that sends it is alive: three times the call's timeout (directlink/client.ts
 * DEFAULT_TIMEOUT_MS, 40 s; not imported here: the start does not load the DirectLink client).
 * Longer, its process died between recording and answering (a kill, a crash, a deploy), and
 * nobody else would ever settle it: its amount would stay reserved for good. It is then what an
 * operation without an answer is, `unknown`: placed on a history level or released.
 */
export const SENDING_ABANDONED_MS = 120_000;

/** An operation left `sending` by a request that is no more (SENDING_ABANDONED_MS). */
export function isAbandoned(op: MaintenanceOperationRecord, now: number): boolean {
  return op.status === 'sending' && now - Date.parse(op.updatedAt) >= SENDING_ABANDONED_MS;
}

/**
 * Released by a sync as never having reached the platform (abandoned, or no answer, and no history
 * level of its own after the grace period): no answer of the platform was ever recorded on it. A
 * request stalled *before* its call left may still reach the platform afterwards: what the
 * platform then answers it is written over the release (maintenance/operations.ts), and a final
 * capture's level of its amount a later sync finds is its own (operationUpdates).
 */
export const releasedUnanswered = (op: MaintenanceOperationRecord | undefined) =>
  op?.status === 'failed' && op.ogoneStatus === null && op.ncError === null && op.payidSub === null;

interface Level {
  payIdSub: number;
  status: number;
  amountMinor: number | undefined;
  used: boolean;
}

/**
 * The history levels up to the one the head answer names that none of our operations holds (by
 * its PAYIDSUB), oldest first, at most MAX_LEVELS of them asked. Not only those after the highest
 * level we know: an operation whose answer was lost holds a lower level than a later one that was
 * answered, and once released as never done, its amount could go out a second time. `unread`:
 * the cap left some of them unasked — what they hold is not in `levels` (feedback/apply-answer.ts
 * keeps what awaits the query then, and flags the payment for a person: review r750).
 *
 * A head answer naming no PAYIDSUB does not say how many levels exist, so "none" cannot be read
 * from it — taken for none, an operation the platform did carry out (its answer lost) was
 * released and its retry moved the money a second time (review r1362). The levels are then asked
 * one after the other until the platform has no such level (NCERROR 50001131, DirectLink guide
 * §5.1.2: levels are numbered 1, 2, … without gaps), under the same cap.
 */
async function untiedLevels(
  level: (payIdSub: number) => Promise<DirectLinkResult | undefined>,
  operations: readonly MaintenanceOperationRecord[],
  head: DirectLinkResult,
): Promise<{ levels: Level[]; unread: boolean }> {
  const tied = new Set(operations.flatMap((op) => (op.payidSub === null ? [] : [op.payidSub])));
  const levels: Level[] = [];
  const named = head.payIdSub !== undefined;
  const last = head.payIdSub ?? Number.POSITIVE_INFINITY;
  let asked = 0;
  let sub = 1;
  for (; sub <= last && asked < MAX_LEVELS; sub++) {
    if (tied.has(sub)) continue;
    asked += 1;
    const item = await level(sub);
    if (item) levels.push({ payIdSub: sub, status: item.status, amountMinor: item.amountMinor, used: false });
    else if (!named) return { levels, unread: false };
  }
  // Past the cap: unread if an untied level remains (with no PAYIDSUB named, one always does).
  let unread = false;
  for (; sub <= last && !unread; sub++) unread = !tied.has(sub);
  return { levels, unread };
}

/** Whether the order names history levels ([DL] §5.1.2: its PAYIDSUB, 0 before any maintenance). */
function namesLevels(head: DirectLinkResult): boolean {
  return (head.payIdSub ?? 0) > 0;
}

/**
 * Whether the order's reversal (its STATUS 94 or 96) is its newest level's own: the level the order names
 * (its PAYIDSUB, [DL] §5.1.2) says 94 / 96 too — a level none of ours holds, as read, or ours as
 * this sync leaves it. Then the reversal took back that level's refund, and the refunds below it
 * still stand. Not when the reversal shows on the order alone, its level still saying 8: that may
 * be the refund it took back (review r1585).
 */
async function reversalOnItsLevel(
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  head: DirectLinkResult,
  untied: () => Promise<Level[]>,
): Promise<boolean> {
  if (!namesLevels(head)) return false;
  const sub = head.payIdSub!;
  const ours = operations.find((op) => (updates.get(op.id)?.payidSub ?? op.payidSub) === sub);
  const status = ours ? (updates.get(ours.id)?.ogoneStatus ?? ours.ogoneStatus) : (await untied()).find((l) => l.payIdSub === sub)?.status;
  return status !== undefined && status !== null && REFUND_REVERSALS.has(status);
}

/**
 * A refund the platform reports that we did not ask for, in minor units; `standing` when read under
 * a reversal on a level of its own: then it is all the refunds that stand, not a sum to add to what
 * was counted (applyAnswer `refundsStanding`).
 */
interface BackOfficeRefund {
  amount: number;
  standing: boolean;
}

/**
 * The amount of a refund the platform reports (STATUS 8, 84, 85, 7, 74) when we asked for none:
 * the sum of the refund levels' AMOUNT, else the head answer's AMOUNT (docs/ogone-protocol.md §9).
 * Undefined when the answer is no such refund or our own refunds explain it.
 */
async function backOfficeRefund(
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  head: DirectLinkResult,
  untied: () => Promise<Level[]>,
  awaitsQuery: boolean,
  nothingRefundedYet: boolean,
  /** The levels accounted for the order's 94 / 96 (takenBackRefunds `seen`). */
  reversalRead: boolean,
): Promise<BackOfficeRefund | undefined> {
  // A refund feedback left its amount to this query (`awaitsQuery`), and the head says something
  // else by now (our capture of the rest made since): its levels are read all the same, or the
  // flag was cleared with the refund never counted.
  const headRefund = operationOutcome('refund', head.status) === 'done';
  // Or an order naming history levels ([DL] §5.1.2: its PAYIDSUB), whatever its STATUS now: a
  // later level — a refund pending, uncertain or refused (81, 82, 83, 71, 72, 73), a deletion of
  // the rest (6), another capture — replaced the 8 of a back-office refund, which nothing else
  // ever says with status-change requests off (§14; reviews r1569, r1617, r1637, r1641). The sum
  // is all the back office refunded, so reading it again counts nothing twice
  // (withPlatformRefund). Not under a reversal (94, 96) shown on the order alone: its level may
  // be the refund it took back, counted back and then read again, sync after sync (review r1585).
  // A reversal on a level of its own leaves the refunds below it standing: read while nothing is
  // counted (review r1616), or once the levels named the refund it took back (takenBackRefunds
  // `seen`: that level is `used`, left out of the sum): their sum is then what stands
  // (applyAnswer `refundsStanding`; reviews r1657, r1675, r1681). A reversal on the order alone is
  // the rules without levels' even for a feedback that left the payment to this query: summed,
  // one sync kept the refund it may have taken back and the next took every refund back (r1677).
  const reversal = REFUND_REVERSALS.has(head.status);
  if (reversal && !(await reversalOnItsLevel(operations, updates, head, untied))) return undefined;
  const readLevels = namesLevels(head) && (!reversal || nothingRefundedYet || reversalRead);
  if (!headRefund && !(awaitsQuery && !reversal) && !readLevels) return undefined;
  // A refund of ours still open that this very query finds refused (`updates`) no longer explains
  // it: skipped for it, the back office's refund awaiting this query was counted neither here nor
  // by backOfficeLevels (nothing of ours left beside it), and the reason was cleared (review r1130).
  const stands = (op: MaintenanceOperationRecord) =>
    op.kind === 'refund' && op.status !== 'failed' && (op.status === 'done' || updates.get(op.id)?.status !== 'failed');
  if (operations.some(stands)) return undefined;
  const levels = await untied();
  // Not one a reversal read beside it took back (takenBackRefunds).
  const done = levels.filter((l) => !l.used && operationOutcome('refund', l.status) === 'done');
  // Under a reversal, a done refund level that does not state its AMOUNT leaves the sum short of
  // what stands: the rules without levels decide, at every sync alike — read only while nothing
  // was counted, the next sync counted again what the first took back (review r1680).
  // So too a reversal level without AMOUNT: nothing says which refund it took back (review r1716:
  // the rules took every refund back, the next sync, nothing counted, summed them again).
  const unstated = levels.some((l) => !l.used && REFUND_REVERSALS.has(l.status) && l.amountMinor === undefined);
  if (reversal)
    return unstated || done.some((l) => l.amountMinor === undefined)
      ? undefined
      : { amount: done.reduce((sum, l) => sum + l.amountMinor!, 0), standing: true };
  const total = done.reduce((sum, l) => sum + (l.amountMinor ?? 0), 0);
  if (total > 0) return { amount: total, standing: false };
  return headRefund && head.amountMinor !== undefined ? { amount: head.amountMinor, standing: false } : undefined;
}

/**
 * What the back office captured of an authorisation (OPERATION RES or PAU) while no capture of
 * ours — nor a cancel — is sent or done: the sum of the done capture levels' AMOUNT none of our
 * operations holds (docs/ogone-protocol.md §9). Read when the head says a capture or a refund is
 * done (9, 95; 8…), or a feedback left something to this query (`awaitsQuery`, with-operations.ts
 * capturedOutsideOurApi) whatever the head says by now. Undefined otherwise, and when no such
 * level states its amount (a sale, whose capture is the payment itself; a level without AMOUNT):
 * the head's STATUS is then read as before, the whole amount captured.
 */
async function backOfficeCapture(
  transaction: TransactionRecord,
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  head: DirectLinkResult,
  untied: () => Promise<Level[]>,
): Promise<number | 'unstated' | undefined> {
  if (!authorisesOnly(transaction.operation)) return undefined;
  // The head's capture or refund (a refund proves a capture), or a feedback that left something to
  // this query — whatever STATUS was recorded last: a back-office refund's 8 after its capture's 9,
  // or our refund's, replaced the 9, and read only on a 9 the capture was never counted (r710).
  const headSays = operationOutcome('capture', head.status) === 'done' || operationOutcome('refund', head.status) === 'done';
  // Or an order naming history levels ([DL] §5.1.2: its PAYIDSUB) whatever its STATUS now: a
  // back-office capture followed by a deletion of the rest (6), a refused second capture (93), a
  // refund pending, declined or refused (81, 94, 83) replaced the 9, and with status-change
  // requests off (§14) nothing else ever says it (review r1567).
  const levelsNamed = namesLevels(head);
  if (!headSays && !levelsNamed && transaction.awaitsQuery !== true) return undefined;
  // A capture of ours as this sync leaves it: one released now explains nothing; one placed on a
  // level is ours. A cancel of ours never does: it deleted what the back office left of the
  // authorisation (done, or settled so by this sync), and its own level says 6, never a capture's
  // STATUS (reviews r750, r770).
  if (operations.some((op) => captureStands(op, updates.get(op.id)?.status ?? op.status))) return undefined;
  const captures = (await untied()).filter((l) => !l.used && operationOutcome('capture', l.status) === 'done');
  // A level without its AMOUNT: an authorisation (or a payment still draft or pending, whose first
  // answer this is) whose order's STATUS says captured reads the head as before, captured whole —
  // nothing is left to learn. Wherever that reading counts nothing, the question stays open (a
  // person decides at the reconciler's maximum age): a payment the back office captured already
  // for less than its amount (review r740); a cancelled one, or an authorisation whose order's
  // STATUS says something else by now — our cancel done or refused after the capture (review
  // r780). Captured whole, there is nothing to count (review r750).
  if (captures.some((l) => l.amountMinor === undefined)) {
    if (CAPTURED_STATES.has(transaction.state)) return transaction.capturedAmount < transaction.amount ? 'unstated' : undefined;
    const readWhole = operationOutcome('capture', head.status) === 'done' && canTransition(transaction.state, 'captured');
    return readWhole ? undefined : 'unstated';
  }
  const total = captures.reduce((sum, l) => sum + l.amountMinor!, 0);
  return total > 0 ? total : undefined;
}

/**
 * The level that deleted the rest of a cancelled authorisation the back office captured part of
 * (`capturedBeforeCancel`), when no cancel of ours did: the newest done cancel level none of our
 * operations holds. Recorded as the back office's cancel beside the capture counted, so that the
 * ledger never offers a capture of what was deleted (domain/ledger.ts planOperation).
 */
async function deletionLevel(
  transaction: TransactionRecord,
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  head: DirectLinkResult,
  untied: () => Promise<Level[]>,
): Promise<BackOfficeLevel | undefined> {
  const deletedByHead = operationOutcome('cancel', head.status) === 'done';
  // Cancelled already, or by this very answer: an authorisation whose order now says 6, the back
  // office having captured part of it first (review r1567).
  const deletedNow = transaction.state === 'authorized' && deletedByHead;
  // Or captured (by us or the back office, read by an earlier sync) for less than its amount, its
  // rest deleted since: the order says 6, or names levels, one of which may be the deletion under
  // a later level's STATUS (a refused refund's 83; reviews r1639, r1655, r1656: left unrecorded, a
  // capture of the deleted rest was offered and sent).
  const capturedForLess = CAPTURED_STATES.has(transaction.state) && transaction.capturedAmount < transaction.amount;
  const deletedSince = capturedForLess && (deletedByHead || namesLevels(head));
  if (!capturedBeforeCancel(transaction.state, transaction.capturedAmount) && !deletedNow && !deletedSince) return undefined;
  if (restCancelled(operations)) return undefined;
  // A cancel of ours not on a level even after this sync (no answer yet, uncertain without a
  // PAYIDSUB): the deletion's level may be its own; a later sync records it once it is placed.
  // One this sync places is weighed where the deletion is recorded (apply-answer.ts, review r1642).
  const ours = asPatched(operations, updates);
  if (ours.some((op) => op.kind === 'cancel' && op.status !== 'failed' && op.payidSub === null)) return undefined;
  const level = (await untied()).filter((l) => !l.used && operationOutcome('cancel', l.status) === 'done').at(-1);
  if (level) return { kind: 'cancel', payIdSub: level.payIdSub, status: level.status, amount: level.amountMinor ?? transaction.amount };
  // Deleted by this very answer, its level past the ones read (MAX_LEVELS): the order's own
  // STATUS is its newest level's, the deletion, named by the order's PAYIDSUB. Unrecorded, the
  // payment read captured beside a payment.cancelled, and a capture of the deleted rest was
  // offered and sent (review r1586).
  if (
    (transaction.state === 'authorized' || capturedForLess) &&
    deletedByHead &&
    head.payIdSub !== undefined &&
    !operations.some((op) => op.payidSub === head.payIdSub)
  )
    return { kind: 'cancel', payIdSub: head.payIdSub, status: head.status, amount: transaction.amount };
  return undefined;
}

/**
 * The done capture and refund levels none of our operations holds or takes in this sync, for a
 * kind of which we made operations: the back office's, counted as operations of their own
 * (domain/back-office-operations.ts). Without an operation of ours of the kind, the head's STATUS
 * still says the money (a feedback's 9, `backOfficeRefund`). While one of ours of the kind holds
 * no level — no answer yet, still being sent, uncertain without a PAYIDSUB, settled by an overall
 * STATUS — any free level may be its own: counted as the back office's, its amount would count
 * twice. Nothing of that kind is recorded then; a later sync does, once ours is placed or released.
 * A level whose AMOUNT the platform does not state is left alone too: there is no amount to count.
 */
async function backOfficeLevels(
  operations: readonly MaintenanceOperationRecord[],
  updates: ReadonlyMap<string, MaintenancePatch>,
  untied: () => Promise<Level[]>,
): Promise<BackOfficeLevel[]> {
  const found: BackOfficeLevel[] = [];
  for (const kind of ['capture', 'refund'] as const) {
    const ours = operations.filter((op) => op.kind === kind && (updates.get(op.id)?.status ?? op.status) !== 'failed');
    if (ours.length === 0 || ours.some((op) => (updates.get(op.id)?.payidSub ?? op.payidSub) === null)) continue;
    for (const level of await untied()) {
      if (level.used || level.amountMinor === undefined || operationOutcome(kind, level.status) !== 'done') continue;
      found.push({ kind, payIdSub: level.payIdSub, status: level.status, amount: level.amountMinor });
    }
  }
  return found;
}
