/**
 * How a feedback log row stores the parameters feedback/log.ts keeps (issue 17, "bytes per
 * payment"): the row's own columns are not repeated in its JSON.
 */

/**
 * The kept parameters as a log row stores them: ORDERID and STATUS left out where they are the
 * row's own `reference` and `status` columns, as they are for every feedback (feedback/verify.ts
 * takes the reference and the status from them; a query's answer is logged with both:
 * feedback/apply-answer.ts) — about 47 bytes of each row, a tenth of the log. A value that
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
 * where `storedFeedbackParams` left them out, each in its place by name (the kept order). Rows
 * written before kept both and are read as they are, in their own order (before issue 13 a row
 * kept the order the request had: found by review r331); no feedback is logged without ORDERID
 * or STATUS, so a missing one is always the row's.
 */
export function loggedFeedbackParams(
  stored: Readonly<Record<string, string>>,
  reference: string,
  status: number | null,
): Record<string, string> {
  const missing: Array<[string, string]> = [];
  if (!('ORDERID' in stored)) missing.push(['ORDERID', reference]);
  if (!('STATUS' in stored) && status !== null) missing.push(['STATUS', String(status)]);
  if (missing.length === 0) return { ...stored };
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    while (missing.length > 0 && missing[0]![0] < name) {
      const [restored, restoredValue] = missing.shift()!;
      params[restored] = restoredValue;
    }
    params[name] = value;
  }
  for (const [restored, restoredValue] of missing) params[restored] = restoredValue;
  return params;
}
