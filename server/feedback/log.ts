/**
 * What the feedback log keeps of a feedback (issue 13, "Bounded storage"; docs/ogone-protocol.md
 * §5): only the parameters on the official SHA-OUT list (§3), names uppercased, each value capped
 * at FEEDBACK_VALUE_MAX characters. Anything else a request carries — PARAMPLUS keys, SHASIGN,
 * made-up names — is never stored, and neither is an empty value (left out of SHA-OUT, so a
 * genuine URL padded with empty listed names still verifies), so a replayed or padded URL cannot
 * grow the log. An exact repeat (same payment, channel and kept parameters) is counted on the
 * first row, never added.
 */
import { hash } from 'node:crypto';
import { SHA_OUT_PARAMETERS } from '../../shared/sha-out-parameters.ts';
import { sanitizeFeedbackParams } from '../payments/card.ts';

export const FEEDBACK_VALUE_MAX = 256;

/** The fingerprint's length in hex characters: 128 bits (migration 0014 cut stored rows alike). */
const FINGERPRINT_HEX = 32;

/** The feedback values that identify the shopper, removed after RETENTION_DAYS (§5). */
export const PERSONAL_FEEDBACK_PARAMETERS: readonly string[] = ['CN', 'EMAIL', 'IP'];

/**
 * The SHA-OUT-listed parameters of `params` with a value, sorted by name, each value at most
 * FEEDBACK_VALUE_MAX characters. `withEmpty`: empty values kept too, as releases before review r850
 * logged them (tests write such rows; nothing logs so now).
 */
export function keptFeedbackParams(params: Readonly<Record<string, string>>, { withEmpty = false } = {}): Record<string, string> {
  const values: Record<string, string> = {};
  const names: string[] = [];
  for (const name of Object.keys(params)) {
    const upper = name.toUpperCase();
    if (!SHA_OUT_PARAMETERS.has(upper) || upper in values) continue;
    if (params[name] === '' && !withEmpty) continue;
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

/**
 * What a copy of a feedback has in common with its first copy's log row, whichever release logged
 * that row: the kept parameters with a value (rows logged before empty values were left out hold
 * the first copy's, which a replay may pad or strip: review r860), the shopper's left out (the
 * retention pass removes them from old rows). Of a request's parameters or of a row's as read
 * back, both as they are logged now (payments/card.ts sanitizeFeedbackParams: rows logged before
 * it kept DIGESTCARDNO, review r870). Two feedbacks that differ in CN, EMAIL or IP only are taken
 * as copies: a copy answers fewer operations, never more (docs/ogone-protocol.md §5).
 */
export function feedbackCopyKey(params: Readonly<Record<string, string>>): string {
  const kept = Object.entries(keptFeedbackParams(sanitizeFeedbackParams(params)));
  return JSON.stringify(kept.filter(([name]) => !PERSONAL_FEEDBACK_PARAMETERS.includes(name)));
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
