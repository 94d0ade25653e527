/**
 * Reconciler settings from the environment: RECONCILE_INTERVAL_SECONDS (how often, default 300;
 * 0 turns it off) and RECONCILE_AFTER_SECONDS (how long a payment may stay unresolved before it
 * is queried, default 900 — the platform's own feedback usually comes first).
 */
import { ConfigError } from '../config/env.ts';

export interface ReconcilerSettings {
  intervalMs: number;
  afterMs: number;
}

function seconds(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min) throw new ConfigError(name, `must be a whole number of seconds of at least ${min}`);
  return Number(raw);
}

export function reconcilerSettings(env: Record<string, string | undefined>): ReconcilerSettings {
  return {
    intervalMs: seconds(env, 'RECONCILE_INTERVAL_SECONDS', 300, 0) * 1000,
    afterMs: seconds(env, 'RECONCILE_AFTER_SECONDS', 900, 0) * 1000,
  };
}
