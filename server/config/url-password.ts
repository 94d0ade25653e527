/**
 * A URL setting's password (DATABASE_URL's, say) in each form it can take in text: as written,
 * percent-encoded, and decoded, as a driver's error or a defect's message may quote it. A
 * malformed escape ("%" bare) leaves only the written form, never nothing. Read by the crash
 * handler (to scrub it from the fatal line) and by the placeholder check (to recognise
 * `change-me` however it is escaped).
 */
export function urlPasswordForms(value: string): string[] {
  if (!URL.canParse(value)) return [];
  const written = new URL(value).password;
  if (!written) return [];
  try {
    const decoded = decodeURIComponent(written);
    return decoded === written ? [written] : [written, decoded];
  } catch {
    return [written];
  }
}
