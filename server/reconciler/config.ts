/**
 * Reconciler settings from the environment (docs/ogone-protocol.md §9):
 * - RECONCILE_INTERVAL_SECONDS: how often, default 300; 0 turns it off;
 * - RECONCILE_AFTER_SECONDS: how long a payment may stay unresolved before it is queried, default
 *   900 — the platform's own feedback usually comes first;
 * - RECONCILE_DRAFT_AFTER_SECONDS: how long after the shopper left for the hosted page an attempt
 *   still in draft is queried, default 600 — a lost feedback must not leave a paid order in draft;
 * - RECONCILE_MAX_AGE_DAYS: payments older than this are no longer queried (Ogone forbids
 *   systematic queries, DirectLink guide §5.4) but flagged for a person, default 30.
 */
import { wholeSetting } from '../config/whole-setting.ts';

export interface ReconcilerSettings {
  intervalMs: number;
  afterMs: number;
  draftAfterMs: number;
  maxAgeMs: number;
}

const DAY_MS = 86_400_000;

export function reconcilerSettings(env: Record<string, string | undefined>): ReconcilerSettings {
  return {
    intervalMs: wholeSetting(env, 'RECONCILE_INTERVAL_SECONDS', { fallback: 300, min: 0, unit: 'seconds' }) * 1000,
    afterMs: wholeSetting(env, 'RECONCILE_AFTER_SECONDS', { fallback: 900, min: 0, unit: 'seconds' }) * 1000,
    draftAfterMs: wholeSetting(env, 'RECONCILE_DRAFT_AFTER_SECONDS', { fallback: 600, min: 0, unit: 'seconds' }) * 1000,
    maxAgeMs: wholeSetting(env, 'RECONCILE_MAX_AGE_DAYS', { fallback: 30, min: 1, unit: 'days' }) * DAY_MS,
  };
}
