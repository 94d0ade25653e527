/**
 * Opaque pagination cursors: base64url of the sort key of the last item returned. Clients pass
 * them back unchanged; a cursor that does not decode is a 400 (see `InvalidCursorError`), and so is
 * one that decodes but is another list's (each list checks the key it holds: `idCursor` here,
 * transactions.ts `paymentCursor`).
 */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this server returned');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // No NUL: no stored key holds one, and PostgreSQL's text refuses it (a 500, not a 400).
    if (Array.isArray(parts) && parts.length === length && parts.every((part) => typeof part === 'string' && !part.includes('\u0000')))
      return parts as string[];
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** What follows `prefix_` in an id a list hands out as its cursor (see `idCursor`). */
const ID_REST = /^[0-9A-Za-z_-]{1,100}$/;

/**
 * The cursor of a list ordered by id (events, saved cards, buttons): the last item's id, which must
 * be an id of that list's kind — `prefix_` then ASCII letters, digits, `_` or `-` (ids.ts `newId`
 * writes `prefix_` and Crockford base32; the check is looser so an id given by a caller or a
 * fixture still pages). Another list's cursor — a saved card's `alias_…` given to the events list
 * would read `id < 'alias_…'`, an empty page — or a key no id holds (half a surrogate pair) is an
 * InvalidCursorError (a 400), as review r1020 asked. The encoding is unchanged, so cursors handed
 * out before still work.
 */
export function idCursor(cursor: string, prefix: string): string {
  const id = decodeCursor(cursor, 1)[0]!;
  if (!id.startsWith(`${prefix}_`) || !ID_REST.test(id.slice(prefix.length + 1))) throw new InvalidCursorError();
  return id;
}
