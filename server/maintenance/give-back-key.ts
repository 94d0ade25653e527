/**
 * The Idempotency-Key of an automatic give-back — a duplicate payment's refund or cancel
 * (duplicates.ts), a setup verification's cancel (setup-verification.ts) — for the try to send
 * now. The first try has the fixed key, so copies of one feedback send one operation; a try that
 * failed (it never reached the platform, or the platform refused it) is sent again by the next
 * review under a key of its own (`<key>:2`, …): the fixed key alone replayed the failure for good.
 */
import type { MaintenanceOperationRecord } from '../repository/types.ts';

/** Tries at most per payment: past them, a person decides (the error log says so). */
export const MAX_GIVE_BACK_TRIES = 5;

/**
 * Undefined when nothing is to be sent: a try is done or still open (sending, pending, unknown —
 * a sync settles it), or MAX_GIVE_BACK_TRIES failed.
 */
export function giveBackKey(operations: readonly MaintenanceOperationRecord[], baseKey: string): string | undefined {
  const tries = operations.filter((op) => op.idempotencyKey === baseKey || op.idempotencyKey?.startsWith(`${baseKey}:`));
  if (tries.some((op) => op.status !== 'failed')) return undefined;
  if (tries.length >= MAX_GIVE_BACK_TRIES) return undefined;
  return tries.length === 0 ? baseKey : `${baseKey}:${tries.length + 1}`;
}
