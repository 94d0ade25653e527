/**
 * Reconciler settings from the environment (docs/ogone-protocol.md §9); names, defaults and ranges
 * are rows of server/config/settings.ts. Why each exists:
 * - RECONCILE_INTERVAL_SECONDS: how often; 0 turns it off;
 * - RECONCILE_AFTER_SECONDS: how long a payment may stay unresolved before it is queried — the
 *   platform's own feedback usually comes first;
 * - RECONCILE_DRAFT_AFTER_SECONDS: how long after the shopper left for the hosted page an attempt
 *   still in draft is queried — a lost feedback must not leave a paid order in draft;
 * - RECONCILE_MAX_AGE_DAYS: payments older than this are no longer queried (Ogone forbids
 *   systematic queries, DirectLink guide §5.4) but flagged for a person.
 */
import { wholeSetting } from './whole-setting.ts';

export interface ReconcilerSettings {
  intervalMs: number;
  afterMs: number;
  draftAfterMs: number;
  maxAgeMs: number;
}

const DAY_MS = 86_400_000;

export function reconcilerSettings(env: Record<string, string | undefined>): ReconcilerSettings {
  return {
    intervalMs: wholeSetting(env, 'RECONCILE_INTERVAL_SECONDS') * 1000,
    afterMs: wholeSetting(env, 'RECONCILE_AFTER_SECONDS') * 1000,
    draftAfterMs: wholeSetting(env, 'RECONCILE_DRAFT_AFTER_SECONDS') * 1000,
    maxAgeMs: wholeSetting(env, 'RECONCILE_MAX_AGE_DAYS') * DAY_MS,
  };
}

/**
 * Whether the reconciler will still query a payment created at `createdAt`: its first query (a
 * round after RECONCILE_AFTER_SECONDS) comes before the payment's maximum age. Past it, only a
 * sync by hand — or the same operation under its Idempotency-Key — asks the platform.
 */
export function reconcilerWillQuery(
  reconciliation: Pick<ReconcilerSettings, 'maxAgeMs' | 'afterMs' | 'intervalMs'>,
  createdAt: string,
  now: Date,
): boolean {
  const { maxAgeMs, afterMs, intervalMs } = reconciliation;
  return now.getTime() - Date.parse(createdAt) + afterMs + intervalMs < maxAgeMs;
}
