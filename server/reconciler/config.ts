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
import { ConfigError } from '../config/env.ts';

export interface ReconcilerSettings {
  intervalMs: number;
  afterMs: number;
  draftAfterMs: number;
  maxAgeMs: number;
}

function whole(env: Record<string, string | undefined>, name: string, fallback: number, min: number, unit: string): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min) throw new ConfigError(name, `must be a whole number of ${unit} of at least ${min}`);
  return Number(raw);
}

const DAY_MS = 86_400_000;

export function reconcilerSettings(env: Record<string, string | undefined>): ReconcilerSettings {
  return {
    intervalMs: whole(env, 'RECONCILE_INTERVAL_SECONDS', 300, 0, 'seconds') * 1000,
    afterMs: whole(env, 'RECONCILE_AFTER_SECONDS', 900, 0, 'seconds') * 1000,
    draftAfterMs: whole(env, 'RECONCILE_DRAFT_AFTER_SECONDS', 600, 0, 'seconds') * 1000,
    maxAgeMs: whole(env, 'RECONCILE_MAX_AGE_DAYS', 30, 1, 'days') * DAY_MS,
  };
}
