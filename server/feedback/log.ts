/**
 * What the feedback log keeps of a feedback (issue 13, "Bounded storage"; docs/ogone-protocol.md
 * §5): only the parameters on the official SHA-OUT list (§3), names uppercased, each value capped
 * at FEEDBACK_VALUE_MAX characters. Anything else a request carries — PARAMPLUS keys, SHASIGN,
 * made-up names — is never stored, so a replayed or padded URL cannot grow the log. An exact
 * repeat (same payment, channel and kept parameters) is counted on the first row, never added.
 */
import { hash } from 'node:crypto';
import { SHA_OUT_PARAMETERS } from '../../shared/sha-out-parameters.ts';

export const FEEDBACK_VALUE_MAX = 256;

/** The fingerprint's length in hex characters: 128 bits (migration 0014 cut stored rows alike). */
const FINGERPRINT_HEX = 32;

/** The feedback values that identify the shopper, removed after RETENTION_DAYS (§5). */
export const PERSONAL_FEEDBACK_PARAMETERS: readonly string[] = ['CN', 'EMAIL', 'IP'];

/** The SHA-OUT-listed parameters of `params`, sorted by name, each value at most FEEDBACK_VALUE_MAX characters. */
export function keptFeedbackParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  const names: string[] = [];
  for (const name of Object.keys(params)) {
    const upper = name.toUpperCase();
    if (!SHA_OUT_PARAMETERS.has(upper) || upper in values) continue;
    values[upper] = String(params[name]).slice(0, FEEDBACK_VALUE_MAX);
    names.push(upper);
  }
  // Code-unit order, as the rows already stored were written: their fingerprints must still match.
  names.sort();
  const kept: Record<string, string> = {};
  for (const name of names) kept[name] = values[name]!;
  return kept;
}

/**
 * Identifies an exact repeat: a digest of the kept parameters (already sorted by name). One-shot
 * crypto.hash, the same SHA-256 of the same UTF-8 text as before: no Hash object per feedback.
 * Its first 128 bits (32 hex characters, migration 0014 cut the stored ones alike): it tells
 * apart the few feedbacks of one payment and channel, and is in every entry of the log's index.
 */
export function feedbackFingerprint(kept: Readonly<Record<string, string>>): string {
  return hash('sha256', JSON.stringify(Object.entries(kept)), 'hex').slice(0, FINGERPRINT_HEX);
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

/**
 * The kept parameters as a log row stores them: ORDERID and STATUS left out where they are the
 * row's own `reference` and `status` columns, as they are for every feedback (verify.ts takes the
 * reference and the status from them; a query's answer is logged with both, apply-answer.ts) —
 * about 47 bytes of each row, a tenth of the log (issue 17, "bytes per payment"). A value that
 * differs (another case, a leading zero) is kept. `loggedFeedbackParams` puts them back.
 */
export function storedFeedbackParams(
  kept: Readonly<Record<string, string>>,
  reference: string,
  status: number | null,
): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(kept)) {
    if ((name === 'ORDERID' && value === reference) || (name === 'STATUS' && status !== null && value === String(status))) continue;
    stored[name] = value;
  }
  return stored;
}

/**
 * A log row's parameters as they were kept: ORDERID and STATUS restored from the row's columns
 * where `storedFeedbackParams` left them out, in the kept order (sorted by name). Rows written
 * before kept both, and no feedback is logged without them, so a missing one is always the row's.
 */
export function loggedFeedbackParams(
  stored: Readonly<Record<string, string>>,
  reference: string,
  status: number | null,
): Record<string, string> {
  const restored: Record<string, string> = { ...stored };
  if (!('ORDERID' in restored)) restored['ORDERID'] = reference;
  if (!('STATUS' in restored) && status !== null) restored['STATUS'] = String(status);
  const params: Record<string, string> = {};
  for (const name of Object.keys(restored).sort()) params[name] = restored[name]!;
  return params;
}
