/**
 * Opaque pagination cursors: base64url of the sort key of the last item returned. Clients pass
 * them back unchanged; a cursor that does not decode is a 400 (see `InvalidCursorError`).
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
