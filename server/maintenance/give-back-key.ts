/**
 * The Idempotency-Key of an automatic give-back — a duplicate payment's refund or cancel
 * (duplicates.ts), a setup verification's cancel (setup-verification.ts) — for the try to send
 * now. The first try has the fixed key, so copies of one feedback send one operation; a try that
 * failed (it never reached the platform, or the platform refused it) is sent again by the next
 * review under a key of its own (`<key>:2`, …): the fixed key alone replayed the failure for good.
 */
import type { AppContext } from '../app-context.ts';
import { mayOweGiveBack } from '../domain/payment-states.ts';
import { duplicateActionOf } from '../feedback/duplicate-announcement.ts';
import type {
  CheckoutSessionRecord,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionDecision,
  TransactionRecord,
} from '../repository/types.ts';

/** The Idempotency-Key of the automatic cancel or refund of a duplicate (one per payment). */
export const DUPLICATE_OPERATION_KEY = 'duplicate-payment';
/** The Idempotency-Key of the automatic cancel of a setup session's verification (one per attempt). */
export const SETUP_VERIFICATION_KEY = 'setup-verification';

/** The fixed key of an automatic give-back's first try. */
export type GiveBackBase = typeof DUPLICATE_OPERATION_KEY | typeof SETUP_VERIFICATION_KEY;

/** `<base>` or one of its tries `<base>:<n>`: the one rule for the route's refusal and for counting tries. */
const triesOf = (base: GiveBackBase) => new RegExp(`^${base}(?::\\d+)?$`);
const TRIES = { [DUPLICATE_OPERATION_KEY]: triesOf(DUPLICATE_OPERATION_KEY), [SETUP_VERIFICATION_KEY]: triesOf(SETUP_VERIFICATION_KEY) };

/**
 * Whether `key` is one of the automatic give-back's own (a try of DUPLICATE_OPERATION_KEY or
 * SETUP_VERIFICATION_KEY): a merchant's capture, refund or cancel sent under it would be taken
 * for that give-back's operation (replayed instead of run), and the give-back for the merchant's.
 */
export function isGiveBackKey(key: string): boolean {
  return TRIES[DUPLICATE_OPERATION_KEY].test(key) || TRIES[SETUP_VERIFICATION_KEY].test(key);
}

/** Tries at most per payment: past them, a person decides (the error log says so). */
export const MAX_GIVE_BACK_TRIES = 5;

/**
 * Undefined when nothing is to be sent: a try is done or still open (sending, pending, unknown —
 * a sync settles it), or MAX_GIVE_BACK_TRIES failed.
 */
export function giveBackKey(operations: readonly MaintenanceOperationRecord[], baseKey: GiveBackBase): string | undefined {
  // Only the keys the merchant API refuses (isGiveBackKey): a merchant's "duplicate-payment:mine",
  // which it accepts, counted as a try that succeeded and the rest was never given back.
  const tries = operations.filter((op) => op.idempotencyKey !== null && TRIES[baseKey].test(op.idempotencyKey));
  if (tries.some((op) => op.status !== 'failed')) return undefined;
  if (tries.length >= MAX_GIVE_BACK_TRIES) return undefined;
  return tries.length === 0 ? baseKey : `${baseKey}:${tries.length + 1}`;
}

/**
 * What gives a duplicate back in its state: a cancel while only authorised, a refund once captured;
 * nothing once refunded, cancelled or unpaid.
 */
export function giveBackKind(state: TransactionRecord['state']): 'cancel' | 'refund' | undefined {
  if (state === 'authorized') return 'cancel';
  if (state === 'captured' || state === 'partially_refunded') return 'refund';
  return undefined;
}

/**
 * Whether a try of the payment's automatic give-back is still to be sent (a duplicate's, or a
 * verification's). A refunded duplicate owes none: kept "owed", the flag held and the reconciler
 * queried it on every pass (Ogone forbids systematic queries, DirectLink guide §5.4).
 */
export function giveBackOwed(
  ctx: AppContext,
  transaction: Pick<TransactionRecord, 'duplicateOf' | 'duplicateAction' | 'state'>,
  sessionMode: CheckoutSessionRecord['mode'],
  operations: readonly MaintenanceOperationRecord[],
): boolean {
  if (!ctx.directLink || !mayOweGiveBack(transaction, sessionMode)) return false;
  if (sessionMode === 'setup') return giveBackKey(operations, SETUP_VERIFICATION_KEY) !== undefined;
  return (
    duplicateActionOf(ctx.config, transaction) !== 'keep' &&
    giveBackKind(transaction.state) !== undefined &&
    giveBackKey(operations, DUPLICATE_OPERATION_KEY) !== undefined
  );
}

/**
 * Whether a give-back is owed once this write lands — the payment and its operations as the
 * decision leaves them (`updates`: an answer's operation changes beside the decision's own): the
 * flag the write itself must keep. A try refused, or undone by a 94 / 96, was written with the
 * flag cleared — nothing was open any more (domain/ledger.ts settle) — and the review sending the
 * next try ran after that write: a process dying in between left the shopper charged twice, the
 * payment's last STATUS final and nothing to bring it back (found by review r460).
 */
export function giveBackOwedAfter(
  ctx: AppContext,
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  operations: readonly MaintenanceOperationRecord[],
  decision: Pick<TransactionDecision<unknown>, 'patch' | 'operations'>,
  updates?: ReadonlyMap<string, MaintenancePatch>,
): boolean {
  const patches = new Map(updates);
  for (const { id, patch } of decision.operations?.update ?? []) patches.set(id, { ...patches.get(id), ...patch });
  const after = [...operations, ...(decision.operations?.insert ?? [])].map((op) => ({ ...op, ...patches.get(op.id) }));
  const payment = {
    duplicateOf: decision.patch?.duplicateOf ?? current.duplicateOf,
    duplicateAction: decision.patch?.duplicateAction ?? current.duplicateAction,
    state: decision.patch?.state ?? current.state,
  };
  return giveBackOwed(ctx, payment, session.mode, after);
}

/**
 * After a try failed, the reconciler's sync brings the next one (syncNeeded) while a try is left.
 * The refusal's own write keeps the flag now (giveBackOwedAfter); this is for a try failed by a
 * write that did not (an older release's), so a give-back refused once is still sent again.
 */
export async function askForNextTry(ctx: AppContext, reference: string, baseKey: GiveBackBase): Promise<void> {
  if (giveBackKey(await ctx.repository.listOperations(reference), baseKey) === undefined) return;
  await ctx.repository.mutateTransaction(reference, (current) =>
    current.syncNeeded ? { result: undefined } : { patch: { syncNeeded: true }, result: undefined },
  );
}
