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
