/**
 * What the feedback log keeps of a feedback (issue 13, "Bounded storage"; docs/ogone-protocol.md
 * §5): only the parameters on the official SHA-OUT list (§3), names uppercased, each value capped
 * at FEEDBACK_VALUE_MAX characters. Anything else a request carries — PARAMPLUS keys, SHASIGN,
 * made-up names — is never stored, so a replayed or padded URL cannot grow the log. An exact
 * repeat (same payment, channel and kept parameters) is counted on the first row, never added.
 */
import { createHash } from 'node:crypto';
import { SHA_OUT_PARAMETERS } from '../../shared/sha-out-parameters.ts';

export const FEEDBACK_VALUE_MAX = 256;

/** The feedback values that identify the shopper, removed after RETENTION_DAYS (§5). */
export const PERSONAL_FEEDBACK_PARAMETERS: readonly string[] = ['CN', 'EMAIL', 'IP'];

/** The SHA-OUT-listed parameters of `params`, sorted by name, each value at most FEEDBACK_VALUE_MAX characters. */
export function keptFeedbackParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const upper = name.toUpperCase();
    if (!SHA_OUT_PARAMETERS.has(upper) || upper in kept) continue;
    kept[upper] = String(value).slice(0, FEEDBACK_VALUE_MAX);
  }
  return Object.fromEntries(Object.entries(kept).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Identifies an exact repeat: a digest of the kept parameters (already sorted by name). */
export function feedbackFingerprint(kept: Readonly<Record<string, string>>): string {
  return createHash('sha256')
    .update(JSON.stringify(Object.entries(kept)))
    .digest('hex');
}

/** The kept parameters without the shopper's name, e-mail and IP address. */
export function withoutPersonalData(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PERSONAL_FEEDBACK_PARAMETERS.includes(name.toUpperCase())) out[name] = value;
  }
  return out;
}

/** A webhook event's data with every `cardHolder` set to null (RETENTION_DAYS). */
export function withoutCardHolder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCardHolder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'cardHolder' ? null : withoutCardHolder(inner)]));
}
