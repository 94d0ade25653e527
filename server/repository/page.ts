/** One page of a list, and the opaque cursor of the next one (cursor.ts); null on the last page. */
import { encodeCursor } from './cursor.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Lists read `limit + 1` rows: the extra row only says there is a next page, and the cursor is
 * the sort key of the last item returned.
 */
export function page<T>(rows: T[], limit: number, cursorOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
