/**
 * `POST /api/transactions/:reference/sync` and the reconciler: asks the platform (querydirect)
 * where a payment stands and applies the answer.
 * - The payment itself: query by PAYID (by ORDERID when a new order got no answer), applied like
 *   a feedback (46 → 9 after 3-D Secure, 92 → 9 or 2, 91 → 9…).
 * - Operations in flight: each history level by PAYIDSUB (DirectLink guide §5.1.2), so a partial
 *   refund resolves to exactly its own amount.
 * - Operations whose call got no answer: the history levels we do not know yet are theirs, in
 *   order and by kind; none after the grace period means the platform never got it (released).
 */
import type { AppContext } from '../app-context.ts';
import { NCERROR } from '../directlink/statuses.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { Problem } from '../http/problem.ts';
import type { MaintenanceOperationRecord, MaintenancePatch, TransactionRecord } from '../repository/types.ts';
import { applyAnswer } from './apply-answer.ts';
import { callDirectLink, refusalMessage, requireDirectLink } from './directlink-problem.ts';
import { kindOfStatus, operationOutcome } from './ledger.ts';

/** "Order not found" — the order never reached the platform. */
const ORDER_NOT_FOUND = '50001130';
/** At most this many unknown history levels are fetched in one sync. */
const MAX_LEVELS = 20;

export interface SyncResult {
  transaction: TransactionRecord;
  status: number | null;
}

export async function syncTransaction(ctx: AppContext, reference: string): Promise<SyncResult> {
  const client = requireDirectLink(ctx);
  const transaction = await ctx.repository.getTransaction(reference);
  if (!transaction) throw new Problem(404, 'not_found', 'no transaction with this reference', 'reference');
  const head = await callDirectLink(() => client.query(transaction.payid ? { payId: transaction.payid } : { orderId: reference }));
  if (!head.ok) {
    if (!transaction.payid && (head.ncError === ORDER_NOT_FOUND || head.ncError === NCERROR.DATA_VALIDATION)) {
      // The new order never reached the platform: nothing to wait for any more.
      const outcome = await ctx.repository.mutateTransaction(reference, () => ({ patch: { syncNeeded: false }, result: undefined }));
      return { transaction: outcome?.after ?? transaction, status: null };
    }
    throw new Problem(502, 'query_refused', refusalMessage(head, 'query'));
  }
  const payId = head.payId ?? transaction.payid;
  const operations = await ctx.repository.listOperations(reference);
  const updates = payId ? await operationUpdates(ctx, payId, operations, head) : new Map<string, MaintenancePatch>();
  const after = await applyAnswer(ctx, reference, head, { operationUpdates: updates });
  return { transaction: after ?? transaction, status: head.status };
}

async function operationUpdates(ctx: AppContext, payId: string, operations: readonly MaintenanceOperationRecord[], head: DirectLinkResult) {
  const client = requireDirectLink(ctx);
  const updates = new Map<string, MaintenancePatch>();
  const level = (payIdSub: number) => callDirectLink(() => client.query({ payId, payIdSub }));

  for (const op of operations) {
    if (op.status !== 'pending' || op.payidSub === null) continue;
    const item = await level(op.payidSub);
    const outcome = item.ok ? operationOutcome(op.kind, item.status) : undefined;
    if (outcome === 'done' || outcome === 'failed') updates.set(op.id, { status: outcome, ogoneStatus: item.status });
  }

  const unknown = operations.filter((op) => op.status === 'unknown');
  if (unknown.length === 0) return updates;
  const known = Math.max(0, ...operations.map((op) => op.payidSub ?? 0));
  const latest = Math.min(head.payIdSub ?? 0, known + MAX_LEVELS);
  const levels: Array<{ payIdSub: number; status: number; used: boolean }> = [];
  for (let sub = known + 1; sub <= latest; sub++) {
    const item = await level(sub);
    if (item.ok) levels.push({ payIdSub: sub, status: item.status, used: false });
  }
  const now = ctx.clock.now().getTime();
  for (const op of unknown) {
    const match = levels.find((l) => !l.used && kindOfStatus(l.status) === op.kind);
    if (match) {
      match.used = true;
      updates.set(op.id, { status: operationOutcome(op.kind, match.status) ?? 'pending', ogoneStatus: match.status, payidSub: match.payIdSub });
    } else if (now - Date.parse(op.updatedAt) >= ctx.unknownOutcomeGraceMs) {
      updates.set(op.id, { status: 'failed', ncError: null });
    }
  }
  return updates;
}
